"""Deals: sales and rental processes through an office pipeline, with commission splits."""
