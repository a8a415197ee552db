// One person's reconciled attributes and the connection each came from (provenance).
// Parameters:
//   $key  the person's identity key, their lower-cased email, e.g. 'ann@example.com'
MATCH (i:Identity {key: $key})
UNWIND ['displayName', 'givenName', 'familyName', 'email', 'userName', 'externalId',
        'employeeNumber', 'department', 'title', 'active'] AS attribute
WITH i, attribute
WHERE i[attribute] IS NOT NULL
RETURN attribute, i[attribute] AS value, i[attribute + 'From'] AS source
