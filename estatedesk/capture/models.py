"""Web-form lead capture: forms an office publishes, and what they received."""
