"""Demo data: the plans of two real pilot kecamatan, a demo user for every role, and the whole
mechanism acted out on top of them (village reviews, coordination meetings, Matriks 4, support
requests, the kabupaten team's meetings, stages, lessons).

This app sits on top of every other one and is imported by nothing but its command (seed_demo)
and its tests: no app depends on demo data. Everything it writes goes through the services the
pages use, so the demo obeys the same rules and has a history like any other record.
"""
