"""Puts the project root on sys.path so that AppTest page scripts can import the packages."""
