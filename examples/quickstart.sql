-- Page views per 5-minute window, counted as click files arrive; a window is printed once, when the
-- watermark (latest event time seen minus 1 minute) has passed its end.
CREATE SOURCE clicks (ts TIMESTAMP, user STRING, page STRING, WATERMARK FOR ts AS ts - INTERVAL '1' MINUTE)
  WITH (connector = 'file', path = 'examples/data/clicks', format = 'json', maxFilesPerTrigger = 1);

CREATE SINK views WITH (connector = 'console', outputMode = 'append') AS
  SELECT window(ts, '5 minutes') AS w, page, count(*) AS views, approx_count_distinct(user) AS users
  FROM clicks
  GROUP BY window(ts, '5 minutes'), page;
