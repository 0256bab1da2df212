"""Directory views, one module a page family: facility pages, state and city browse pages,
Find Rehab results and Compare Centers."""
