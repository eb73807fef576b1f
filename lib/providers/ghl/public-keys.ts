// The public keys GoHighLevel signs its webhooks with, used when GHL_WEBHOOK_ED25519_PUBLIC_KEY /
// GHL_WEBHOOK_RSA_PUBLIC_KEY are not set (tests and staging set their own).
//
// Source: HighLevel "Webhook Integration Guide", section "Security: Verifying Webhook
// Authenticity" — https://marketplace.gohighlevel.com/docs/webhook/WebhookIntegrationGuide/
// - RSA (legacy `x-wh-signature`, RSA-SHA256 PKCS#1 v1.5, 4096-bit): copied from the guide as
//   scraped on 2025-10-11 (GitHub oscarcandoit/support-docs,
//   api/ghl-api/api/Authorization_Scopes_2025-10-11.md) and identical in
//   docs/oauth/WebhookAuthentication.md of the highlevel-api-docs repository (fork kleegr/kleegr-api-docs).
// - Ed25519 (`x-ghl-signature`, preferred since SDK v2.3.0, 2026-05): the key the current guide
//   publishes, as quoted verbatim by several independent integrations that cite that page; the
//   stored copies of the guide available here predate the Ed25519 section, so re-check it
//   against the live page when rotating.
// A public key is not a secret; embedding it is how the guide intends it to be used.

export const GHL_PUBLISHED_ED25519_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAi2HR1srL4o18O8BRa7gVJY7G7bupbN3H9AwJrHCDiOg=
-----END PUBLIC KEY-----`;

export const GHL_PUBLISHED_RSA_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEAokvo/r9tVgcfZ5DysOSC
Frm602qYV0MaAiNnX9O8KxMbiyRKWeL9JpCpVpt4XHIcBOK4u3cLSqJGOLaPuXw6
dO0t6Q/ZVdAV5Phz+ZtzPL16iCGeK9po6D6JHBpbi989mmzMryUnQJezlYJ3DVfB
csedpinheNnyYeFXolrJvcsjDtfAeRx5ByHQmTnSdFUzuAnC9/GepgLT9SM4nCpv
uxmZMxrJt5Rw+VUaQ9B8JSvbMPpez4peKaJPZHBbU3OdeCVx5klVXXZQGNHOs8gF
3kvoV5rTnXV0IknLBXlcKKAQLZcY/Q9rG6Ifi9c+5vqlvHPCUJFT5XUGG5RKgOKU
J062fRtN+rLYZUV+BjafxQauvC8wSWeYja63VSUruvmNj8xkx2zE/Juc+yjLjTXp
IocmaiFeAO6fUtNjDeFVkhf5LNb59vECyrHD2SQIrhgXpO4Q3dVNA5rw576PwTzN
h/AMfHKIjE4xQA1SZuYJmNnmVZLIZBlQAF9Ntd03rfadZ+yDiOXCCs9FkHibELhC
HULgCsnuDJHcrGNd5/Ddm5hxGQ0ASitgHeMZ0kcIOwKDOzOU53lDza6/Y09T7sYJ
PQe7z0cvj7aE4B+Ax1ZoZGPzpJlZtGXCsu9aTEGEnKzmsFqwcSsnw3JB31IGKAyk
T1hhTiaCeIY/OwwwNUY2yvcCAwEAAQ==
-----END PUBLIC KEY-----`;
