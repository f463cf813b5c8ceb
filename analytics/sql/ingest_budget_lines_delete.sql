-- A loaded budget line replaces the stored line with the same line_id and option.
DELETE FROM budget_lines b
WHERE EXISTS (SELECT 1 FROM incoming i WHERE i.line_id = b.line_id AND i.option IS NOT DISTINCT FROM b.option)
