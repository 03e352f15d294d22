// What the page shows before anything is opened: an example script with a
// few typical problems, and a config template whose lines are explained.

export const SAMPLE_PATH = "scripts/sales/card-installment.yaml";

export const SAMPLE_SCRIPT = `# 示例话术：信用卡账单分期。右侧列出了它的问题：点击定位，点“修复”改正。
id: card.installment
title: 信用卡账单分期
channel: phone
category: sales
opener:
  - 您好,很高兴为您服务，我是{bank}客服代表{agent_id}，请问有什么可以帮到您？
steps:
  - stage: clarify
    question: closed
    say: 请问您是想把本期账单分期吗?
  - stage: resolve
    say: 分期手续费率很低，保证您不会吃亏，{customer_titel}可以放心办理。
closing:
  - 请问您还有其他需要吗？
  - 感谢您的来电，祝您生活愉快，再见。
`;

export const DEFAULT_CONFIG = `# huashu.yaml：本页检查时使用的配置，修改后立即生效。
# 上方的表单和“规则说明”页的级别选择会改写这里；也可以直接编辑。
# 示例（去掉行首的 # 即可启用）：
# bank:
#   name: 示例银行            # 银行名称：开场白中要说出它
# defaults:
#   channel: phone            # phone（电话）或 online（在线）
#   direction: inbound        # inbound（客户来电）或 outbound（银行外呼）
# rules:
#   sentence-length: warning  # error、warning、info 或 off
# lexicon:
#   jargon:
#     add: {头寸: 可用资金}     # 行业术语: 通俗说法
#   forbidden:
#     add: {包您满意: 服务承诺需有依据}
`;
