//! The call rule `call-pii-spoken`: a full card or ID number read out by the agent (checked in `calls::check`).

use crate::rules::{declare_rule, Rule, RuleMeta};

declare_rule! {
    /// 坐席念出了完整的银行卡号（13–19 位，通过 Luhn 校验）或身份证号（18 位，
    /// 校验码正确），数字、全角数字或汉字数字（幺二三）都算。客户自己报号码
    /// 不算。报告里号码只保留后四位。
    ///
    /// **为什么**：坐席核对身份时只需要尾号；完整号码念出来会被录音、旁听
    /// 或转写保存。
    /// ---
    /// The agent reads out a full card number (13–19 digits passing Luhn) or
    /// a resident ID number (18 characters with a valid check digit), in
    /// digits, full-width digits or spoken Chinese digits (幺二三). The
    /// customer giving their own number is not a finding. The report keeps
    /// the last four digits only.
    ///
    /// **Why**: verifying a customer needs the last four digits; a full
    /// number read out is recorded, overheard and transcribed.
    CallPiiSpoken {
        id: "call-pii-spoken",
        group: Language,
        severity: Error,
        fix: No,
        summary: ("坐席不念完整的卡号、身份证号", "the agent does not read out a full card or ID number"),
    }
}

impl Rule for CallPiiSpoken {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
