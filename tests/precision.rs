//! Precision and recall on the way agents really speak: every sentence that
//! must pass is checked by *every* rule (no rule may cry wolf on it), and
//! every sentence that must fail is caught by the rule named beside it.
//! Cases from the issues, and many more of our own.

use huashu::check::{check_texts, CheckOptions};
use huashu::config::Config;

const OPENER: &str = "您好，很高兴为您服务，我是{bank}客服代表{agent_id}，请问有什么可以帮到您？";

/// A complete, clean script around one resolve line.
fn script(category: &str, channel: &str, resolve: &str) -> String {
    let thanks = if channel == "online" {
        "感谢您的咨询"
    } else {
        "感谢您的来电"
    };
    format!(
        "id: p.case\ntitle: 测试\nchannel: {channel}\ncategory: {category}\nopener:\n  - {OPENER}\nsteps:\n  - stage: listen\n    say: 嗯，您是说银行卡找不到了，对吗？\n  - stage: empathy\n    say: 别着急，我理解您的心情。\n  - stage: resolve\n    say: '{resolve}'\nclosing:\n  - 您还有其他疑问吗？\n  - {thanks}，祝您生活愉快，再见。\n"
    )
}

fn rules_on(text: &str) -> Vec<String> {
    let report = check_texts(
        &[("scripts/p.yaml", text)],
        &Config::default(),
        &CheckOptions::default(),
    );
    report.findings.iter().map(|f| f.rule.to_string()).collect()
}

#[test]
fn these_pass_every_rule() {
    let lines = [
        // issue 4
        "如果您不知道开户行的名称，可以拨打卡背面的客服电话。",
        "工作人员不会向您索要验证码。",
        "请在手机银行中输入交易密码完成确认。",
        "这笔款项T+1到账，也就是下一个工作日到账。",
        "您可以亲自到网点办理。",
        "这张卡在哥斯达黎加也能使用。",
        "版本号2.8.0。",
        // our own
        "请勿向任何人透露短信验证码，包括银行工作人员。",
        "您的父亲可以持本人身份证代为办理。",
        "兄弟姐妹之间转账同样免手续费。",
        "请打开APP，在首页点击“我的”。",
        "这笔保证金会在合同结束后退回。",
        "不一定能当天到账，我会尽力为您加急。",
        "请您一定携带身份证原件，才能办理成功。",
        "我已经为您办理了临时挂失，挂失立即生效。",
        "借记卡，也就是储蓄卡，可以在任意网点补办。",
        "尾号1234的卡已经为您挂失。",
        "您可以拨打95588或400-820-8888咨询。",
        "您最好先在手机银行查看一下余额。",
        "办理完成后系统会发送短信通知您。",
        "这款产品不保本，也不保证收益，请您注意风险。",
        "我们不会通过电话要求您提供密码。",
        "您稍后可以在手机银行查看处理进度。",
        "好的...我帮您看一下。",
        "请您稍等，我为您查询一下。感谢您的耐心等待，已经查到了。",
    ];
    for line in lines {
        let found = rules_on(&script("service", "phone", line));
        assert!(found.is_empty(), "{line}\n-> {found:?}");
    }
    // Online: thanks for the enquiry; a sales script with its disclosure.
    assert!(rules_on(&script("inquiry", "online", "好的，我来为您查询。")).is_empty());
    let sales = script(
        "sales",
        "phone",
        "这款产品的风险等级为R2，理财非存款，产品有风险，投资须谨慎。",
    );
    assert!(rules_on(&sales).is_empty(), "{:?}", rules_on(&sales));
    let sales = script(
        "sales",
        "phone",
        "该产品风险评级为R3（中风险），产品有风险，投资须谨慎。",
    );
    assert!(rules_on(&sales).is_empty(), "{:?}", rules_on(&sales));
}

#[test]
fn these_fail_with_the_named_rule() {
    let cases = [
        // issue 4
        ("您这笔业务涉及头寸、敞口和轧差。", "jargon-limit"),
        ("这款产品稳赚不赔。", "forbidden-phrase"),
        ("你听懂了吗？", "forbidden-phrase"),
        ("你听懂了吗？", "honorific-you"),
        ("估计没问题。", "vague-commitment"),
        ("我肯定帮您办好。", "absolute-promise"),
        ("美女，您好。", "casual-address"),
        ("你的账户已经冻结了。", "honorific-you"),
        ("麻烦把验证码报一下。", "sensitive-data-request"),
        ("您的卡号是6222021234567890128吗？", "pii-literal"),
        ("身份证号11010519491231002X已登记。", "pii-literal"),
        ("请拨打13912345678找客户经理。", "pii-literal"),
        ("好的,我帮您查询一下。", "punctuation-width"),
        // our own
        ("这个不归我管，你自己看着办。", "forbidden-phrase"),
        ("我不是说过了吗？", "forbidden-phrase"),
        ("请把资金转入安全账户。", "forbidden-phrase"),
        ("理财产品就是存款，很安全。", "forbidden-phrase"),
        ("好像已经到账了，差不多吧。", "vague-commitment"),
        ("百分之百能通过审批。", "absolute-promise"),
        ("亲，这个可以办的。", "casual-address"),
        ("您好帅哥，请讲。", "casual-address"),
        ("请提供一下卡背面的安全码。", "sensitive-data-request"),
        ("您的支付密码是多少？", "sensitive-data-request"),
        ("请告诉我短信验证码，我帮您操作。", "sensitive-data-request"),
        ("利率参考LPR加点，按起息日结息。", "jargon-limit"),
        ("请问(可选)是否需要?", "punctuation-width"),
        ("{customer_title},您好。", "punctuation-width"),
    ];
    for (line, rule) in cases {
        let found = rules_on(&script("service", "phone", line));
        assert!(
            found.iter().any(|r| r == rule),
            "{line}: expected {rule}, got {found:?}"
        );
    }
    let long = format!("{}。", "请您".repeat(40));
    assert!(rules_on(&script("service", "phone", &long)).contains(&"sentence-length".to_string()));
    let sales = script("sales", "phone", "这是市场上收益最高收益的唯一产品。");
    assert!(rules_on(&sales).contains(&"forbidden-phrase".to_string()));
}

fn callback(say: &str) -> String {
    script("complaint", "phone", "我来为您查询。").replace(
        "closing:\n",
        &format!("  - stage: callback\n    say: {say}\nclosing:\n"),
    )
}

#[test]
fn callback_promises() {
    for say in [
        "这个情况需要与相关部门核实，我们会在3个工作日内给您回复，请您核对一下预留的联系电话，好吗？",
        "需要后台进一步核查，我们会在两个工作日内给您回电，请您留下联系方式，可以吗？",
        "我帮您提交专人处理，48小时内联系您，请您确认一下手机号码，好吗？",
        "我们会尽快核实，在3个工作日内给您回复，请您留下联系方式，您看可以吗？",
        "需要与上级确认，明天上午给您回电，请您确认一下预留的电话，方便吗？",
        "需要核实，我们会在一到三个工作日内回复您，请您留下联系电话，好吗？",
        "需要核实，二十四小时以内给您答复，请您提供一个联系电话，行吗？",
    ] {
        let found = rules_on(&callback(say));
        assert!(found.is_empty(), "{say}\n-> {found:?}");
    }
    let fails = [
        (
            "需要核实，我们稍后给您回电，请您留下联系方式，好吗？",
            "callback-vague-time",
        ),
        (
            "需要核实，我们会尽快给您回复，请您留下联系方式，好吗？",
            "callback-vague-time",
        ),
        (
            "需要核实，我们会在20个工作日内给您回复，请您留下联系方式，好吗？",
            "callback-time-window",
        ),
        (
            "需要核实，我们会在100小时内给您回复，请您留下联系方式，好吗？",
            "callback-time-window",
        ),
        (
            "需要核实，核实后给您回复，请您留下联系方式，好吗？",
            "callback-time-window",
        ),
        (
            "需要核实，我们会在3个工作日内给您回复，好吗？",
            "callback-contact",
        ),
        (
            "我们会在3个工作日内给您回复，请您留下联系方式，好吗？",
            "callback-reason",
        ),
        (
            "需要核实，请您留下联系方式，我们会在3个工作日内给您回复。",
            "callback-confirm",
        ),
    ];
    for (say, rule) in fails {
        let found = rules_on(&callback(say));
        assert!(
            found.iter().any(|r| r == rule),
            "{say}: expected {rule}, got {found:?}"
        );
    }
    // A promise in a resolve step is a promise too.
    let resolve = script("service", "phone", "处理完以后我们会联系您。");
    assert!(rules_on(&resolve).contains(&"callback-time-window".to_string()));
}
