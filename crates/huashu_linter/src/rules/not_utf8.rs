//! not-utf8: a file in another encoding (GBK, GB18030 …), named when it
//! can be, at its first byte that is not UTF-8.

use crate::finding::{Msg, Sink};
use crate::msg;

use super::{declare_rule, Rule, RuleMeta};

declare_rule! {
    /// ## 检查什么
    /// 文件必须是 UTF-8 编码（可带 BOM）。诊断指向第一个不合法的字节；当内容能按 GBK/GB18030 解码时会明确说出来，UTF-16 也会指出。
    ///
    /// ## 为什么
    /// 用 Windows 记事本或旧版 Excel 导出的话术常是 GBK 编码，在其他系统和话术平台上会变成乱码。
    ///
    /// ## 错误示例
    /// 用 GBK 保存的 `您好`（字节 C4 FA BA C3）。
    ///
    /// ## 正确示例
    /// 用 UTF-8 保存的同一文件：`iconv -f GB18030 -t UTF-8 旧.yaml > 新.yaml`。
    ///
    /// ## 选项
    /// 无。
    /// ---
    /// ## What it checks
    /// The file must be UTF-8 (a BOM is fine). The diagnostic points at the first invalid byte and says so when the bytes decode as GBK/GB18030, or look like UTF-16.
    ///
    /// ## Why
    /// Scripts exported from Windows Notepad or old Excel are often GBK, which turns to mojibake on other systems and in the script platform.
    ///
    /// ## Bad
    /// `您好` saved as GBK (bytes C4 FA BA C3).
    ///
    /// ## Good
    /// The same file saved as UTF-8: `iconv -f GB18030 -t UTF-8 old.yaml > new.yaml`.
    ///
    /// ## Options
    /// None.
    NotUtf8 {
        id: "not-utf8",
        group: Structure,
        severity: Error,
        fix: No,
        summary: ("文件是 UTF-8 编码", "the file is UTF-8"),
    }
}

impl Rule for NotUtf8 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}

/// The message for a file that is not UTF-8, naming the encoding it looks like.
pub fn message(bytes: &[u8], first_bad: usize) -> (String, String) {
    let at = format!("0x{:X}", bytes.get(first_bad).copied().unwrap_or(0));
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return (
            format!("文件不是 UTF-8 编码：看起来是 UTF-16（第 {first_bad} 字节 {at}）"),
            format!("not UTF-8: the file looks like UTF-16 (byte {first_bad}, {at})"),
        );
    }
    let (_, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if !had_errors {
        (
            format!("文件不是 UTF-8 编码：看起来是 GBK/GB18030（第 {first_bad} 字节 {at}）"),
            format!("not UTF-8: the file looks like GBK/GB18030 (byte {first_bad}, {at})"),
        )
    } else {
        (
            format!("文件不是 UTF-8 编码（第 {first_bad} 字节 {at} 不合法）"),
            format!("not UTF-8: invalid byte {at} at offset {first_bad}"),
        )
    }
}

/// A file that is not UTF-8, at its first byte that is not.
pub(crate) fn report(sink: &mut Sink, bytes: &[u8], first_bad: usize) {
    let (zh, en) = message(bytes, first_bad);
    sink.report(&META, first_bad..first_bad, Msg::new(zh, en))
        .help(msg!(zh: "请把文件另存为 UTF-8 编码（例如：iconv -f GB18030 -t UTF-8）", en: "save the file as UTF-8 (for example: iconv -f GB18030 -t UTF-8)"));
}

#[cfg(test)]
mod tests {
    use super::message;

    #[test]
    fn names_the_encoding() {
        let (gbk, _, _) = encoding_rs::GBK.encode("id: 您好\n");
        assert!(message(&gbk, 4).1.contains("GBK/GB18030"));
        assert!(message(&[0xFF, 0xFE, b'i', 0], 0).1.contains("UTF-16"));
        assert!(message(&[b'a', 0xFF, 0xFF, 0xFF], 1)
            .1
            .contains("invalid byte 0xFF"));
    }
}
