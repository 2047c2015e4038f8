"""Pages of the kecamatan coordination meeting: schedule, prepare, run, project, share back.

One module per part of the meeting's life, as the URL map lists them (rembuk.meetings.urls):
- schedule: the index, a kecamatan's villages and meetings, scheduling, a village's own page;
- page: the meeting page (one village's sheet on screen), opening, closing, the village order;
- cells: the autosaving cells of the sheet (rembuk.core.autosave, ADR 0007 and 0023);
- projector: meeting mode on the projector and the laptop that drives it;
- sharing: share links, and the shared sheet a village opens on a phone.
"""
