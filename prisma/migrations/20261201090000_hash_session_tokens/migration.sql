-- Session tokens are stored as their sha256 (hex), like API tokens: reading the database is no
-- longer enough to take a session over. Existing sessions are hashed in place and stay valid.
UPDATE "Session" SET "sessionToken" = encode(sha256(convert_to("sessionToken", 'UTF8')), 'hex');
