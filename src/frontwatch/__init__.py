"""frontwatch: war and crisis reporting turned into a sourced, geolocated record."""

__version__ = "0.1.0"
