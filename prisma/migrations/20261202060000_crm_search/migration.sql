-- CRM search (issue 11 §4): a substring of a lead's name, email or phone (lib/crm/lead-list.ts,
-- ILIKE '%q%') found by trigrams instead of a test of every lead. pg_trgm ships with PostgreSQL
-- (contrib) and is a trusted extension: the database owner may create it. Prisma does not model
-- extensions without a preview feature, so it is created here by hand.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
CREATE INDEX "Lead_search_trgm_idx" ON "Lead" USING GIN ("name" gin_trgm_ops, "email" gin_trgm_ops, "phone" gin_trgm_ops);
