"""The benchmark suite: a generated data set (`bench.generate`) and the scenarios (`bench.run`)."""
