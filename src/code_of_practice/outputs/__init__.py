"""Files made from the model for people and programs to take away: JSON
exports, CSV and PDF checklists, and the steps that write them after a build."""
