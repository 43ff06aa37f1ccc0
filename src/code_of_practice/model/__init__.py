"""The code as data: read, validated and compared. Imports nothing from
rendering, outputs, the engine adapter or the tasks."""
