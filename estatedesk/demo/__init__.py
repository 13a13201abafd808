"""The demo office of every app, loaded by `manage.py load_demo`; it sits above all the apps."""
