"""The simulated random-selection baseline: what random picking would have reached at the real curve's sizes."""
