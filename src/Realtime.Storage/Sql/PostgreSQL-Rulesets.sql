-- Published rulesets (one row per version, the highest is active). Sections start at "-- name:"; the Sqlite
-- file has the same names, parameters and columns.

-- name: ReadLatestRuleset
SELECT version, document, published_at, published_by, comment FROM rulesets ORDER BY version DESC LIMIT 1;

-- name: ReadRuleset
SELECT version, document, published_at, published_by, comment FROM rulesets WHERE version = @version;

-- name: ReadRulesets
SELECT version, document, published_at, published_by, comment FROM rulesets ORDER BY version;

-- name: ReadLatestRulesetVersion
SELECT COALESCE(MAX(version), 0) FROM rulesets;

-- name: PublishRuleset
-- Only the version right after the latest is inserted (0 rows otherwise); two publishers racing for the same
-- version both pass the check, and the primary key fails the second.
INSERT INTO rulesets (version, document, published_at, published_by, comment)
SELECT @version, @document, @published_at, @published_by, @comment
WHERE (SELECT COALESCE(MAX(version), 0) FROM rulesets) = @version - 1;

-- name: ImportRuleset
-- A version kept from an earlier store (the old {DataDir}/rulesets files), with its own number.
INSERT INTO rulesets (version, document, published_at, published_by, comment)
VALUES (@version, @document, @published_at, @published_by, @comment);
