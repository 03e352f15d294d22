//! A generator of realistic call transcripts with seeded faults, for the
//! precision/recall test (tests/calls_corpus.rs) and the benchmark
//! (benches/calls_bench.py, through `cargo run --release --example
//! calls_gen`). The calls are built from the demo scripts' lines
//! (fixtures/demo: card loss, transfer not arrived, ATM card retained, fee
//! dispute, annual fee, branch hours, card activation, wealth product …),
//! with the customer's side written for each, times at a realistic pace,
//! and one fault (sometimes none) per call, recorded as the rule that must
//! find it. Deterministic: the same seed gives the same bytes.

#![allow(dead_code)]

/// splitmix64: small, fast, and the same everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// A business scenario: what the customer asks, and the exchange that
/// follows (customer line, agent line), from the demo scripts.
struct Scenario {
    category: &'static str,
    ask: &'static str,
    exchange: &'static [(&'static str, &'static str)],
    /// A complaint: the customer's complaint, and the agent's soothing line.
    complaint: Option<(&'static str, &'static str)>,
}

const SCENARIOS: &[Scenario] = &[
    Scenario {
        category: "service",
        ask: "你好，我的银行卡找不到了，想挂失一下。",
        exchange: &[
            (
                "对，就是那张储蓄卡。",
                "嗯，我明白了，您是说尾号3821的银行卡找不到了，对吗？",
            ),
            ("先临时挂失吧。", "请问您是需要临时挂失，还是正式挂失呢？"),
            (
                "好的。",
                "我已经为您办理了临时挂失，挂失后这张卡将无法交易。",
            ),
        ],
        complaint: None,
    },
    Scenario {
        category: "complaint",
        ask: "我昨天下午转了一笔钱，到现在还没到账。",
        exchange: &[
            (
                "是的，五千块钱。",
                "嗯，您是说昨天下午的一笔转账到现在还没有到账，对吗？",
            ),
            (
                "那要等多久？",
                "系统显示这笔转账正在处理中，一般会在今天之内到账。",
            ),
        ],
        complaint: Some((
            "你们这效率太差了，等了一天都没到账。",
            "非常理解您的心情，给您添麻烦了，我会尽力帮您查清楚。",
        )),
    },
    Scenario {
        category: "complaint",
        ask: "我在取款机上取钱，卡被吞了。",
        exchange: &[
            ("对，就是刚才。", "您是说在自助设备上取款时卡被吞了，对吗？"),
            (
                "那我怎么拿回来？",
                "请您在两个工作日内携带本人身份证到该设备所属网点领卡。",
            ),
        ],
        complaint: Some((
            "这机器真是太离谱了，我还急着用钱。",
            "别着急，卡片是安全的，我来告诉您怎么领回。",
        )),
    },
    Scenario {
        category: "complaint",
        ask: "我这个月账单上多了一笔扣费，我没办过什么业务。",
        exchange: &[
            ("就是每个月两块钱那个。", "请问是哪一笔扣费让您有疑问呢？"),
            (
                "那帮我取消吧。",
                "这笔是短信通知服务费，每月两元，如果您不需要，我现在就可以为您取消。",
            ),
        ],
        complaint: Some((
            "凭什么乱扣我的钱，我要投诉。",
            "您的心情我能体会，这件事对您很重要，我会尽力帮您。",
        )),
    },
    Scenario {
        category: "inquiry",
        ask: "我想问一下信用卡年费怎么收。",
        exchange: &[
            ("就是金卡。", "请问您咨询的是哪一张信用卡的年费呢？"),
            (
                "明白了。",
                "这张卡首年免年费，当年刷卡满六次即可免次年年费。",
            ),
        ],
        complaint: None,
    },
    Scenario {
        category: "inquiry",
        ask: "你们人民路那个网点几点开门？",
        exchange: &[
            ("对。", "您是想了解人民路支行的营业时间，是吗？"),
            (
                "好的知道了。",
                "该网点周一至周五九点到十七点营业，周末九点到十六点营业。",
            ),
        ],
        complaint: None,
    },
    Scenario {
        category: "service",
        ask: "我刚收到信用卡，想激活一下。",
        exchange: &[
            ("是的。", "好的，您是想激活刚收到的信用卡，对吗？"),
            (
                "好，我试试。",
                "您可以在手机银行首页点击信用卡，选择卡片激活，按提示设置交易密码即可完成激活。",
            ),
        ],
        complaint: None,
    },
    Scenario {
        category: "sales",
        ask: "我想了解一下一年左右的理财产品。",
        exchange: &[
            (
                "对，一年左右。",
                "您是想了解一款期限在一年左右的理财产品，对吗？",
            ),
            ("做过了，是稳健型。", "请问您做过风险承受能力评估吗？"),
            (
                "好的。",
                "这款产品的风险等级为R2，理财非存款，产品有风险，投资须谨慎。",
            ),
        ],
        complaint: None,
    },
    Scenario {
        category: "inquiry",
        ask: "我想问一下定期存款的利率。",
        exchange: &[
            ("三年的。", "您是想了解定期存款的利率，对吗？"),
            (
                "好的。",
                "目前三年期整存整取的利率请以网点公布的利率为准，到期按起息日结息。",
            ),
        ],
        complaint: None,
    },
];

const OPENERS: &[&str] = &[
    "您好，很高兴为您服务，我是示例银行客服代表，工号{n}，请问有什么可以帮到您？",
    "您好，欢迎致电示例银行，工号{n}为您服务，请问有什么可以帮您？",
    "您好，示例银行信用卡中心，{n}号客服为您服务，请问有什么可以帮您？",
];
const FURTHER: &[&str] = &["请问您还有其他疑问吗？", "请问还有其他可以帮您的吗？"];
const FAREWELL: &[&str] = &[
    "感谢您的来电，祝您生活愉快，再见。",
    "感谢您的来电，祝您工作顺利，再见。",
];
const TABOOS: &[&str] = &[
    "这个不归我管，",
    "我刚才不是已经跟您说过了吗？",
    "你听懂了吗？",
    "这个我不知道，",
];
const LONG_CUSTOMER: &str = "我想再确认一下，这个是不是还需要我本人带着身份证到网点去办理呢？";
const HOLD: &str = "请您稍等，我为您查询一下。";
const THANKS_WAITING: &str = "感谢您的耐心等待，让您久等了。";
const CALLBACK_OK: &str =
    "这个情况需要与相关部门核实，请您留下联系方式，我们会在3个工作日内给您回复，好吗？";
const CALLBACK_VAGUE: &str =
    "这个情况需要与相关部门核实，请您留下联系方式，我们会尽快给您回复，好吗？";

/// The faults a call may carry, and the rule that must find each.
pub const FAULTS: &[(&str, &str)] = &[
    ("missing-closing", "closing-farewell"),
    ("taboo", "forbidden-phrase"),
    ("vague-callback", "callback-vague-time"),
    ("silence", "call-silence"),
    ("talk-over", "call-talk-over"),
    ("no-empathy", "complaint-empathy"),
    ("card-read-out", "call-pii-spoken"),
];

/// One generated call: its JSON line, its fault (if any) and whether speech
/// recognition noise was added.
pub struct Generated {
    pub json: String,
    pub fault: Option<&'static str>,
    pub noisy: bool,
}

impl Generated {
    /// The rule that must find this call's fault.
    pub fn expected_rule(&self) -> Option<&'static str> {
        let f = self.fault?;
        FAULTS.iter().find(|(n, _)| *n == f).map(|(_, r)| *r)
    }
}

/// A card number that passes Luhn, from the rng.
fn card(rng: &mut Rng) -> String {
    let mut digits: Vec<u32> = vec![6, 2, 2, 2];
    for _ in 0..14 {
        digits.push(rng.below(10) as u32);
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                *d
            }
        })
        .sum();
    digits.push((10 - sum % 10) % 10);
    digits
        .iter()
        .map(|d| char::from_digit(*d, 10).unwrap_or('0'))
        .collect()
}

/// Speech recognition as it is: homophones, 您 heard as 你, punctuation
/// dropped or turned into spaces.
fn noise(text: &str, rng: &mut Rng) -> String {
    let mut t = text.replace("工号", "公号").replace("再见", "在见");
    if rng.chance(70) {
        t = t.replace('您', "你");
    }
    match rng.below(3) {
        0 => t.chars().filter(|c| !"，。？！、".contains(*c)).collect(),
        1 => t
            .chars()
            .map(|c| {
                if "，。？！、".contains(c) {
                    ' '
                } else {
                    c
                }
            })
            .collect::<String>()
            .trim()
            .to_string(),
        _ => t,
    }
}

/// Call `i` of the corpus of `seed`.
pub fn call(seed: u64, i: u64) -> Generated {
    let mut rng = Rng::new(seed ^ i.wrapping_mul(0xA24B_AED4_963E_E407));
    let scenario = rng.pick(SCENARIOS);
    // One call in two carries a fault; complaint-only faults fall on complaints.
    let fault = if rng.chance(50) {
        let (name, _) = *rng.pick(FAULTS);
        (name != "no-empathy" || scenario.complaint.is_some()).then_some(name)
    } else {
        None
    };
    let noisy = rng.chance(25);
    let agent_no = 1000 + rng.below(9000);
    let mut turns: Vec<(&'static str, String)> = Vec::new();
    let agent = |turns: &mut Vec<(&'static str, String)>, t: String| turns.push(("agent", t));
    let customer =
        |turns: &mut Vec<(&'static str, String)>, t: &str| turns.push(("customer", t.to_string()));

    agent(
        &mut turns,
        rng.pick(OPENERS).replace("{n}", &agent_no.to_string()),
    );
    customer(&mut turns, scenario.ask);
    if let Some((complaint, soothe)) = scenario.complaint {
        customer(&mut turns, complaint);
        if fault != Some("no-empathy") {
            agent(&mut turns, soothe.to_string());
        } else {
            agent(&mut turns, "好的。".to_string());
        }
    }
    let mut taboo_at = rng.below(scenario.exchange.len() as u64) as usize;
    if fault == Some("talk-over") && scenario.complaint.is_some() && taboo_at == 0 {
        taboo_at = 1; // the agent talks over a customer, not over the soothing line
    }
    let mut fault_turn = None;
    for (k, (c, a)) in scenario.exchange.iter().enumerate() {
        let mut line = a.to_string();
        if fault == Some("taboo") && k == taboo_at {
            line = format!("{}{line}", rng.pick(TABOOS));
        }
        if fault == Some("card-read-out") && k == taboo_at {
            line = format!("您的卡号是{}，对吗？{line}", card(&mut rng));
        }
        if k == taboo_at {
            fault_turn = Some(turns.len());
        }
        agent(&mut turns, line);
        customer(&mut turns, c);
    }
    let hold = rng.chance(30);
    let mut hold_turn = None;
    if hold {
        agent(&mut turns, HOLD.to_string());
        customer(&mut turns, "好的。");
        hold_turn = Some(turns.len());
        agent(
            &mut turns,
            format!("{THANKS_WAITING}已经为您查询到了相关记录。"),
        );
        customer(&mut turns, "好的。");
    }
    if fault == Some("vague-callback") || rng.chance(20) {
        let line = if fault == Some("vague-callback") {
            CALLBACK_VAGUE
        } else {
            CALLBACK_OK
        };
        agent(&mut turns, line.to_string());
        customer(&mut turns, "好的，我的手机号是13812345678。");
    }
    agent(&mut turns, rng.pick(FURTHER).to_string());
    customer(&mut turns, "没有了，谢谢。");
    let farewell = if fault == Some("missing-closing") {
        "感谢您的来电。".to_string()
    } else {
        rng.pick(FAREWELL).to_string()
    };
    agent(&mut turns, farewell);

    if let Some(t) = fault_turn.filter(|_| fault == Some("talk-over")) {
        if turns[t - 1].0 == "customer" {
            turns[t - 1].1 = LONG_CUSTOMER.to_string();
        }
    }
    // Times: 230–260 ms a character, 300–1,500 ms between turns; a hold
    // waits 15–40 s; a silence fault 12–25 s; a talk-over starts 1.5–3 s
    // before the customer ends.
    let mut at: u64 = 0;
    let silence_at = fault_turn.filter(|_| fault == Some("silence"));
    let talk_at = fault_turn.filter(|_| fault == Some("talk-over"));
    let mut out_turns = Vec::new();
    let mut prev_end: u64 = 0;
    let mut prev_begin: u64 = 0;
    for (k, (role, text)) in turns.iter().enumerate() {
        let chars = text.chars().filter(|c| c.is_alphanumeric()).count() as u64;
        let per_char = 230 + rng.below(31);
        let duration = (chars * per_char).max(400);
        let mut begin = at + 300 + rng.below(1200);
        if Some(k) == hold_turn {
            begin = at + 15_000 + rng.below(25_000);
        }
        if Some(k) == silence_at {
            begin = at + 12_000 + rng.below(13_000);
        }
        if Some(k) == talk_at && k > 0 {
            begin = prev_end
                .saturating_sub(1500 + rng.below(1000))
                .max(prev_begin + 300);
        }
        let end = begin + duration;
        let text = if noisy {
            noise(text, &mut rng)
        } else {
            text.clone()
        };
        out_turns
            .push(serde_json::json!({"role": role, "words": text, "begin": begin, "end": end}));
        prev_end = end;
        prev_begin = begin;
        at = at.max(end);
    }
    // The talk-over fault needs a customer turn before the agent's.
    let fault = match fault {
        Some("talk-over") if talk_at.unwrap_or(0) == 0 => None,
        f => f,
    };
    let day = 11 + rng.below(7);
    let json = serde_json::json!({
        "id": format!("call-{seed}-{i:06}"),
        "channel": "phone",
        "direction": "inbound",
        "category": scenario.category,
        "agent_id": format!("A{:03}", 1 + rng.below(120)),
        "start_time": format!("2024-03-{day:02}T{:02}:{:02}:00+08:00", 9 + rng.below(9), rng.below(60)),
        "turns": out_turns,
    });
    Generated {
        json: json.to_string(),
        fault,
        noisy,
    }
}
