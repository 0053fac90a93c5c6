"""Server-sent events, read line by line as the HTML standard says (fields, blank line ends an event)."""


class Event:
    __slots__ = ("type", "data", "id", "retry")

    def __init__(self, type_, data, id_, retry):
        self.type = type_
        self.data = data
        self.id = id_
        self.retry = retry


def read_events(response):
    """Yields the events of an open ``text/event-stream`` response until it ends."""
    event_type, data, event_id, retry = "", [], None, None
    while True:
        raw = response.readline()
        if not raw:
            return
        line = raw.decode("utf-8").rstrip("\r\n")
        if not line:
            if data or event_type or retry is not None:
                yield Event(event_type or "message", "\n".join(data), event_id, retry)
            event_type, data, retry = "", [], None
            continue
        if line.startswith(":"):
            continue  # a comment
        field, _, value = line.partition(":")
        if value.startswith(" "):
            value = value[1:]
        if field == "event":
            event_type = value
        elif field == "data":
            data.append(value)
        elif field == "id":
            event_id = value
        elif field == "retry" and value.isdigit():
            retry = int(value)
