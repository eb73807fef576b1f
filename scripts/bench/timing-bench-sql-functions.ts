// SQL helpers of the benchmark data generator: deterministic hashing, ids and the body corpus.

// Sales-conversation prose that message bodies are cut from (offset and length vary).
const CORPUS = [
  "Hi, thanks for getting back to me so quickly.",
  "We are looking at options for next quarter and your message came at a good time.",
  "Could you send me a bit more detail on pricing and how onboarding works for a team of our size?",
  "I have a call with my partner on Thursday, so anything before then would be great.",
  "Not sure this is the right fit yet, but happy to hear more.",
  "What does a typical first month look like, and who would be our point of contact?",
  "We tried something similar last year and the results were mixed, so I want to understand what is different.",
  "Tuesday afternoon or Wednesday morning works for me, Eastern time.",
  "Please use my work email for the invite, I do not check this one often.",
  "Thanks, that answers most of my questions.",
  "One more thing: can we cancel month to month, or is there a minimum term?",
  "Our budget is approved for the pilot, so the main question is timing.",
  "Sounds good, I booked a slot on your calendar for next week.",
  "Sorry for the late reply, I was travelling.",
  "Can you loop in someone technical? We need to check the integration with our CRM.",
  "I forwarded this to our operations lead, she will reach out directly.",
  "Not interested at the moment, maybe check back in the spring.",
  "Great, talk soon.",
].join(" ");

/** Uniform [0, 1) from (index, salt); inlined by the planner. The corpus has no backslash (bytea escape input). */
export const FUNCTIONS_SQL = `
CREATE SCHEMA bench;
CREATE FUNCTION bench.u(i bigint, salt int) RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
  $$ SELECT ((hashint8extended(i, salt) >> 11) & 9007199254740991)::double precision / 9007199254740992.0 $$;
CREATE FUNCTION bench.mid(kind text, i bigint) RETURNS uuid LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
  $$ SELECT md5('bench-' || kind || '-' || i)::uuid $$;
CREATE FUNCTION bench.tid(kind text, i bigint) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
  $$ SELECT md5('bench-' || kind || '-' || i) $$;
-- bytea, so that cutting a piece is O(1) (substr on UTF-8 text walks every character)
CREATE FUNCTION bench.corpus() RETURNS bytea LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
  $$ SELECT ${literal(`${CORPUS} ${CORPUS} ${CORPUS}`)}::bytea $$;
`;

export function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A piece of the corpus: `length` characters from a pseudo-random offset. */
export const corpusPiece = (offsetSql: string, lengthSql: string) =>
  `convert_from(substr(bench.corpus(), 1 + floor(${offsetSql} * 1500)::int, (${lengthSql})::int), 'UTF8')`;
