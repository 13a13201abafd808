"""Field change history of records (leads, contacts, relations, properties, deals).

django-auditlog writes one `LogEntry` per save of a tracked record (its changes as JSON
`{field: [old, new]}`, the acting user from `actors.HistoryActorMiddleware`); this app
registers the records (`tracking.track`), shows the entries on a *Changes* tab and at
`/api/<kind>/{id}/changes/`, always through the record's `visible_to`, and erases a record's
history with the record. It sits just above core so that every record app may use it.
"""
