"""Start a lab folder for any recorded talk, from its video's metadata and optionally its deck."""
