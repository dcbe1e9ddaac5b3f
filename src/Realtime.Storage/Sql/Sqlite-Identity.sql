-- Identity index queries (customer id <-> email, phone, anonymous ids). Sections start at "-- name:"; both
-- vendors share names, parameters and columns.

-- name: UpsertIdentity
-- A key moves to the customer that claims it last (identification merges an anonymous visitor into a customer).
INSERT INTO identity_index (key_kind, key_value, customer_id)
VALUES (@key_kind, @key_value, @customer_id)
ON CONFLICT (key_kind, key_value) DO UPDATE SET customer_id = excluded.customer_id;

-- name: ResolveIdentity
SELECT customer_id FROM identity_index WHERE key_kind = @key_kind AND key_value = @key_value;

-- name: ReadCustomerIdentities
SELECT key_kind, key_value FROM identity_index WHERE customer_id = @customer_id ORDER BY key_kind, key_value;

-- name: DeleteCustomerIdentities
DELETE FROM identity_index WHERE customer_id = @customer_id;
