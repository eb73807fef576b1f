// Seeded randomness for the demo data. sfc32 has 128 bits of state, so ids drawn from
// millions of independently seeded streams do not collide (a 32-bit generator such as
// mulberry32 would repeat uuids after ~65k streams by the birthday bound).

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const HEX = "0123456789abcdef";

/** FNV-1a: turns a stream label into a 32-bit word for seeding. */
export function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /**
   * A stream keyed by (seed, label, index). The key words go into the state verbatim,
   * so different keys always start from different states; the warm-up decorrelates
   * neighbouring indexes.
   */
  constructor(seed: number, label: string, index = 0) {
    this.a = seed >>> 0;
    this.b = index >>> 0;
    this.c = hashLabel(label);
    this.d = 1;
    for (let i = 0; i < 20; i++) this.next();
  }

  /** A uniform unsigned 32-bit integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** Uniform in [lo, hi). */
  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.float();
  }

  /** Uniform integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("Rng.pick: empty list");
    return items[Math.floor(this.float() * items.length)] as T;
  }

  /** Picks a value with probability proportional to its weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of entries) total += w;
    let roll = this.float() * total;
    for (const [value, w] of entries) {
      roll -= w;
      if (roll < 0) return value;
    }
    const last = entries[entries.length - 1];
    if (!last) throw new Error("Rng.weighted: empty list");
    return last[0];
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.float(); // (0, 1], keeps log finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.float());
  }

  /** Log-normal with the given median; response times and reply gaps have this long right tail. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** A version-4-shaped uuid (version and variant bits set as RFC 9562 requires). */
  uuid(): string {
    let hex = "";
    for (let i = 0; i < 4; i++) {
      const word = this.next();
      for (let shift = 28; shift >= 0; shift -= 4) hex += HEX[(word >>> shift) & 15];
    }
    const variant = HEX[8 + (parseInt(hex[16] ?? "0", 16) & 3)];
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }

  /** A base62 token, the shape of most provider ids. 5 characters per 32-bit draw. */
  token(length: number): string {
    let out = "";
    while (out.length < length) {
      let word = this.next() % 916132832; // 62^5, so each draw yields 5 uniform-ish digits
      for (let i = 0; i < 5 && out.length < length; i++) {
        out += BASE62[word % 62];
        word = Math.floor(word / 62);
      }
    }
    return out;
  }

  /** A lowercase hex string. */
  hex(length: number): string {
    let out = "";
    while (out.length < length) {
      const word = this.next();
      for (let shift = 28; shift >= 0 && out.length < length; shift -= 4) out += HEX[(word >>> shift) & 15];
    }
    return out;
  }
}
