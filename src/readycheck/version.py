"""readycheck's version: a leaf module, so that anything may import it without importing the package API."""

__version__ = "0.1.0"
