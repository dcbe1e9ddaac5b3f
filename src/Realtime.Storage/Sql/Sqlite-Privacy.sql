-- Privacy audit queries. Sections start at "-- name:"; both vendors share names, parameters and columns.

-- name: InsertAudit
INSERT INTO privacy_audit (customer_id, action, requested_by, reason, recorded_at, detail)
VALUES (@customer_id, @action, @requested_by, @reason, @recorded_at, @detail);

-- name: ReadAudit
SELECT audit_id, customer_id, action, requested_by, reason, recorded_at, detail
FROM privacy_audit
WHERE customer_id = @customer_id
ORDER BY audit_id;
