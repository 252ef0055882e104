//! Email addresses users can write to, including the obfuscated forms
//! policies use ("privacy [at] example.org"). An address that mail is only
//! sent *from* ("newsletters are sent from news@…") is not a contact.

use super::Found;
use regex::Regex;
use std::sync::LazyLock;

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    crate::pattern::compile(
        r"(?i)\b[a-z0-9][a-z0-9._%+\-]*(?:@|\s*[\[\(\{<]\s*at\s*[\]\)\}>]\s*|\s+at\s+)[a-z0-9][a-z0-9\-]*(?:(?:\.|\s*[\[\(\{<]\s*dot\s*[\]\)\}>]\s*|\s+dot\s+)[a-z0-9\-]+)*(?:\.|\s*[\[\(\{<]\s*dot\s*[\]\)\}>]\s*|\s+dot\s+)[a-z]{2,}\b",
    )
    .expect("email regex")
});

/// "… sent from", "emails from", "come from": the address that follows is a
/// sender, not a contact.
static SENDER: LazyLock<Regex> = LazyLock::new(|| {
    crate::pattern::compile(r"(?i)\b(?:sent|send|sends|sending|come|comes|arrive|arrives|originate|originates|e-?mails?|messages?|newsletters?|notifications?)\b[^.@]{0,40}\bfrom\s*(?:the\s+)?(?:address\s+)?[:\-]?\s*$")
        .expect("sender regex")
});

pub fn extract(text: &str, start: usize, end: usize, out: &mut Vec<Found>) {
    let slice = &text[start..end];
    for m in EMAIL.find_iter(slice) {
        let found = m.as_str();
        let plain_at = found.contains('@');
        // "… at example dot com" is an address only when spelled with "dot" or brackets
        if !plain_at
            && !found.contains(['[', '(', '{', '<'])
            && !found.to_ascii_lowercase().contains(" dot ")
        {
            continue;
        }
        let before = super::before(slice, m.start(), 80);
        let before = before.rsplit(['\n']).next().unwrap_or(before);
        if SENDER.is_match(before) {
            continue;
        }
        let value = found.trim_end_matches('.');
        let s = start + m.start();
        out.push(Found::new((s, s + value.len()), value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn emails(text: &str) -> Vec<String> {
        crate::check::extract::values_as_strings(extract, text)
    }

    #[test]
    fn plain_and_obfuscated_addresses() {
        assert_eq!(
            emails("Write to privacy@example.org."),
            vec!["privacy@example.org"]
        );
        assert_eq!(
            emails("contact info [at] example.org today"),
            vec!["info [at] example.org"]
        );
        assert_eq!(
            emails("dpo (at) example (dot) co (dot) uk"),
            vec!["dpo (at) example (dot) co (dot) uk"]
        );
        assert_eq!(emails("we meet at example.org"), Vec::<String>::new());
    }

    #[test]
    fn sender_addresses_are_not_contacts() {
        assert_eq!(
            emails("Newsletters are sent from news@example.com. Questions go to help@example.com."),
            vec!["help@example.com"]
        );
    }
}
