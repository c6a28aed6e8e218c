-- A plain GET of the URL given to wrk (the bare app's / and /api/health).
wrk.method = "GET"
