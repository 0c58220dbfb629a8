"""What every resource uses: access and roles, the write path with its audit entries,
ETags, records and paging, columns, periods, transitions, personal-data guards and
batch plumbing. Nothing here imports a resource package or the app's assembly."""
