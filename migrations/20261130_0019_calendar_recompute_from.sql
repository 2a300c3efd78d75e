-- An edit of a calendar's exceptions (a holiday added, a day shortened) cannot move an SLA clock whose due
-- times all fell before the first day it touched: the working time up to them is the same. The calendar
-- keeps that instant beside its recompute mark, so the SLA job recomputes only the requests the edit can
-- change (issue 6, "Speed"). NULL with a mark means everything: the week, the time zone or the production
-- calendar changed, or two edits were merged and one of them was such.
ALTER TABLE business_calendars ADD COLUMN recompute_from timestamptz;
