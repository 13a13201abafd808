"""E-mail to lead: mailboxes read into leads and activities."""
