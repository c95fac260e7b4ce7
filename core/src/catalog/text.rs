//! Text normalization and dictionary-free tokenization for Chinese search.
//!
//! Text is normalized (full-width ASCII → half-width, ideographic space →
//! space, lowercase), then split into runs: CJK runs yield every unigram and
//! bigram, runs of letters/digits yield one word each, everything else
//! separates. Terms are 64-bit keys: a tag in the top two bits, then the code
//! points (CJK) or a hash of the word (letters/digits).

const TAG_UNIGRAM: u64 = 1 << 62;
const TAG_BIGRAM: u64 = 2 << 62;
const TAG_WORD: u64 = 3 << 62;
const WORD_MASK: u64 = (1 << 62) - 1;

/// Normalizes one character: full-width forms to ASCII, U+3000 to space,
/// then lowercase (the first char of the lowercase mapping).
pub(crate) fn normalize_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    // Fast path: ideographs have no case and no width variant.
    if ('\u{3400}'..='\u{9FFF}').contains(&c) {
        return c;
    }
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    };
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// The normalized form of a whole string.
pub(crate) fn normalize(s: &str) -> String {
    s.chars().map(normalize_char).collect()
}

/// Han ideographs (all blocks), kana and CJK compatibility ideographs.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0x20000..=0x2FA1F
        | 0x30000..=0x323AF)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// FNV-1a, 64 bit: stable on every platform.
fn word_key(word: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in word.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    TAG_WORD | (h & WORD_MASK)
}

fn unigram(c: char) -> u64 {
    TAG_UNIGRAM | c as u64
}

fn bigram(a: char, b: char) -> u64 {
    TAG_BIGRAM | (a as u64) << 21 | b as u64
}

/// One run of the normalized text.
enum Run<'a> {
    Cjk(&'a [char]),
    Word(&'a str),
}

fn runs(text: &str, mut f: impl FnMut(Run<'_>)) {
    let mut cjk: Vec<char> = Vec::new();
    let mut word = String::new();
    for c in text.chars().map(normalize_char) {
        if is_cjk(c) {
            if !word.is_empty() {
                f(Run::Word(&word));
                word.clear();
            }
            cjk.push(c);
        } else {
            if !cjk.is_empty() {
                f(Run::Cjk(&cjk));
                cjk.clear();
            }
            if is_word_char(c) {
                word.push(c);
            } else if !word.is_empty() {
                f(Run::Word(&word));
                word.clear();
            }
        }
    }
    if !cjk.is_empty() {
        f(Run::Cjk(&cjk));
    }
    if !word.is_empty() {
        f(Run::Word(&word));
    }
}

/// Streaming FNV-1a over the UTF-8 bytes of a word, as [`word_key`].
struct WordHash(u64, bool);

impl WordHash {
    fn new() -> Self {
        WordHash(0xcbf2_9ce4_8422_2325, false)
    }
    fn push(&mut self, c: char) {
        let mut buf = [0u8; 4];
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.1 = true;
    }
    fn take(&mut self) -> Option<u64> {
        let key = self.1.then_some(TAG_WORD | (self.0 & WORD_MASK));
        *self = WordHash::new();
        key
    }
}

/// The terms a document field is indexed under (with repeats; the caller
/// counts them): every CJK unigram and bigram, every word. Streaming and
/// allocation-free apart from `out`: search calls it for every candidate.
pub(crate) fn doc_terms(text: impl Iterator<Item = char>, out: &mut Vec<u64>) {
    let mut prev: Option<char> = None;
    let mut word = WordHash::new();
    for c in text.map(normalize_char) {
        if is_cjk(c) {
            if let Some(k) = word.take() {
                out.push(k);
            }
            out.push(unigram(c));
            if let Some(p) = prev {
                // The bigram goes right after the unigram of its first char.
                let last = out.pop();
                out.push(bigram(p, c));
                out.extend(last);
            }
            prev = Some(c);
        } else {
            prev = None;
            if is_word_char(c) {
                word.push(c);
            } else if let Some(k) = word.take() {
                out.push(k);
            }
        }
    }
    if let Some(k) = word.take() {
        out.push(k);
    }
}

/// The terms a query asks for, deduplicated in first-occurrence order: a
/// single CJK character is a unigram, a longer CJK run is its bigrams (so
/// `企业登记` must contain 企业, 业登 and 登记), a word is a word.
pub(crate) fn query_terms(text: &str) -> Vec<u64> {
    let mut out: Vec<u64> = Vec::new();
    let mut push = |k: u64| {
        if !out.contains(&k) {
            out.push(k);
        }
    };
    runs(text, |run| match run {
        Run::Cjk([c]) => push(unigram(*c)),
        Run::Cjk(chars) => {
            for pair in chars.windows(2) {
                if let [a, b] = pair {
                    push(bigram(*a, *b));
                }
            }
        }
        Run::Word(w) => push(word_key(w)),
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_full_width_and_case() {
        assert_eq!(normalize("ＧＢ／Ｔ　２１０６３"), "gb/t 21063");
        assert_eq!(normalize("ABC企业"), "abc企业");
    }

    #[test]
    fn document_terms_are_unigrams_bigrams_and_words() {
        let mut t = Vec::new();
        doc_terms("企业登记 GB32100".chars(), &mut t);
        assert_eq!(
            t,
            vec![
                unigram('企'),
                bigram('企', '业'),
                unigram('业'),
                bigram('业', '登'),
                unigram('登'),
                bigram('登', '记'),
                unigram('记'),
                word_key("gb32100"),
            ]
        );
    }

    #[test]
    fn query_terms_use_bigrams_for_runs() {
        assert_eq!(query_terms("企业"), vec![bigram('企', '业')]);
        assert_eq!(query_terms("企"), vec![unigram('企')]);
        assert_eq!(query_terms("Ａpi api"), vec![word_key("api")]);
        assert!(query_terms(" ,。").is_empty());
    }
}
