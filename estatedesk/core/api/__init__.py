"""What every app's API builds on: serializer and viewset bases, filtering, permissions.

The endpoints themselves live in each app's `api/` package; `estatedesk.api` assembles their
routes and holds authentication, throttling, paging, the error handler and the schema. This
package is in the base layer, so it names those through `REST_FRAMEWORK` settings only.
"""
