-- Tables 14-16: the budget, each option's staffing and additional costs, UASC contributions and
-- variances, in pounds a year (option is NULL for lines common to both options).
SELECT line_id, option, item, CAST(amount AS DOUBLE) AS amount
FROM budget_lines
ORDER BY line_id, option
