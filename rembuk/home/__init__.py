"""Beranda: each person's start page, showing the work that waits for them by the roles they
hold. It reads through the selectors of the apps below it and writes nothing."""
