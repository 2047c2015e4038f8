"""Signals of the coordination meeting, for the apps that build on it.

`meeting_closed` is sent by services.meeting_close inside its transaction, once the meeting is
closed: a receiver's writes commit or roll back with the closing. Support requests are made
this way (rembuk.support.receivers), so meetings needs to know nothing of support.
"""

from __future__ import annotations

from django.dispatch import Signal

meeting_closed = Signal()  # kwargs: meeting (CoordinationMeeting, closed), actor
