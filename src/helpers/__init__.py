"""ANTT Workbook: commune attainment of the security-and-order criterion of Vietnam's NTM programme."""

__version__ = "0.1.0"
