"""General word lists of Chinese government reports: name suffixes by type, the verbs and
function words that end a name on its left, generic nouns that are never names.

These are lexicons of the genre, not names from any report.
"""

from __future__ import annotations

from importlib import resources


def _table(text: str) -> dict[str, str]:
    """``Type: word word …`` lines (continuation lines indented) → {word: Type}."""
    table: dict[str, str] = {}
    type_ = ""
    for line in text.strip().splitlines():
        if not line.startswith(" "):
            type_, _, line = line.partition(":")
        table.update(dict.fromkeys(line.split(), type_))
    return table


# Suffix → type, longest first when matching. A suffix that needs context to be a name
# (e.g. 改造) lists the shortest stem it needs.
SUFFIX_TYPES: dict[str, str] = _table("""
Zone: 发展区 片区 示范带 示范区 新区 开发区 高新区 经济带 产业带 合作区 试验区 集聚区 先行区 功能区 产业集群 经济区 自贸区 保税区
Project: 项目 工程 改造 开发 迁建 改造提升 提升改造 升级改造 整村改造 修缮 保育活化 入口通道 示范主街 样板工程 扩容 小公园 农贸市场 安置房
Policy: 安排 部署 战略 改革 方案 规划 行动 计划 体系 政策 机制 试点
Organization: 学会 研究会 促进会 联合会 指挥部 办公室 委员会 常委会 人民政府 党委 党支部 党总支 宣传部 组织部 统战部 网信办 水治办 农业农村局 局 公司 有限公司 集团 合作社 联合社 银行 医院
    卫生院 学校 大学 学院 研究所 研究院 协会 商会 基金会 报社 电视台 融媒体中心 药业 米业 科技 股份 实业 农场 工作队 驻镇帮镇扶村工作队 专班 指挥办 人大 政协 纪委 法院
    检察院 公安局 派出所 供销社
Place: 堂 桥 园 公园 产业园 工业园 园区 街区 古镇 大酒店 酒店 旧址 饭堂 水库 广场 码头 大道 基地 博物馆 纪念馆 图书馆 体育馆 故居 祠堂 书院 驿站 碧道 绿道 物流港 产业基地 暗渠
    湿地 景区 服务中心 展示中心 客厅 溪 河 渠 湖 岛 风景区 印象园 文化园 古官道 高铁站 火车站 研发推广中心 孵化中心 美食岛 工作室 物流园 市场 民宿 农庄 祈福园
Event: 节 活动 培训班 会议 大会 论坛 博览会 交易会 推介会 现场会 推进会 座谈会 擂台赛 大比武 大赛 比赛 调研行 文化节 旅游节 美食节 村晚 运动会
Honor: 示范村 示范镇 典型村 典型镇 典型镇村 美丽庭院 先进集体 先进个人 一等奖 二等奖 三等奖 特等奖 金奖 银奖 铜奖 名村 名镇 特色村 文明村 卫生村 强镇 千强镇 百强县 宜居村
    整洁村 示范点 展示点 典型案例 冠军企业 示范项目 示范基地 中心镇 龙头企业 生态农场 专业村 一村一品 目录
""")
SUFFIXES = sorted(SUFFIX_TYPES, key=len, reverse=True)

# Words that end a name on its left: when the text before a candidate ends with one of
# these, the name starts right after it.
LEFT_STOPS = frozenset(
    """
推进 推动 加快 加速 完成 启动 开展 举办 举行 召开 实施 打造 建成 建好 建立 健全 入选 荣获 获评 获得 成为 创建 成功创建 落实 贯彻 深化 围绕 聚焦 依托 借助 通过 利用 结合
以 在 对 将 把 和 与 及 以及 或 等 的 了 是 为 由 到 向 从 于 参加 参与 组织 包括 其中 全面 持续 大力 积极 扎实 全力 重点 着力 做好 抓好 加强 投入 引进 洽谈 培育
位于 被评为 评为 列入 纳入 争创 申报 开通 推出 形成 谋划 规划建设 高标准建设 高质量建设 助力 服务 带动 带领 带队 走进 前往 调研 考察 参观 观摩 联合 协同 配合 指导 支持
发挥 坚持 按照 根据 认真 深入 稳步 有序 有力 加紧 全速 高效 大抓 促进 推广 宣传 推介 启用 投用 设立 成立 组建 发布 印发 出台 制定 编制 提升 用好 盘活 激活 壮大 发展
做大 做强 做优 携手 探索 承接 吸引 实现 达到 累计 共计 合计 总计 超过 新增 已 已经 正在 还 也 又 并 并且 同时 此外 另外 目前 如今 现在 今年 去年 主要 首批 第一批 作为
属于 被 让 及其 暨 该 其 各 每 我 我们 他们 这 那 此 又是 就是
""".split()
)
# Verbs of the genre that govern a name (构建…体系, 紧扣…定位); not always frequent in jieba's corpus.
LEFT_STOPS = LEFT_STOPS | frozenset(
    """
构建 邀请 紧扣 地处 点缀 飘逸 入驻 涵盖 覆盖 连接 串联 辐射 依靠 立足 瞄准 对标 锚定 紧盯 聚力 助推 推行 实行 开创 迈向 走出
谋定 确立 明确 提出 制定 各类 多类 两类 各项 利用 所属 并入 纳入 闯出 蹚出 绘就 擦亮 做靓 叫响 唱响 补齐 破解 引 沿 挖掘 整合 盘活 引入 引领 赋能 激发 夯实 筑牢 抢抓 用活 拓展 拓宽 延伸
谋划 统筹 部署 推介 宣传 展现 彰显 营造 完善 优化 强化 规范 深耕 厚植 坚定 全面 共同 携手 联合 共谋 比拼 比武 晾晒 成功 入库 立项 落户
""".split()
)

# Two-character words that begin with a one-character stop (和美乡村 is not 和 + 美乡村).
WORDS_WITH_STOP_CHARS = frozenset(
    "和美 和谐 和平 和睦 和顺 在线 以上 对口 对外 为民 与时 及时 等级 的士 了解 是非 由来 到位 向阳 从化 于都 沿江 沿海 沿河 沿线 沿街 沿湖".split()
)

# Verbs that commonly live inside names (污水处理厂, 某街道社区建设示范项目): never boundaries.
NAME_INTERNAL = frozenset(
    """
建设 改造 开发 示范 提升 保护 治理 振兴 发展 融合 整治 服务 创新 创业 孵化 养殖 种植 管理 规划 交流 培训 教育 研究 设计
生产 加工 旅游 物流 展示 体验 休闲 安置 配套 搬迁 迁建 升级 扩容 修缮 美化 绿化 亮化 硬化 提质 整改 保育 活化 传承 调解
议事 帮扶 扶贫 共建 共享 增收 致富 富民 扩建 改建 拆除 招商 投资 经营 运营 合作 综合 改革 开放 保障 监测 防治 防控 供水
排水 处理 收集 回收 利用 循环 节能 减排 环保 保洁 清洁 整洁 宜居 攻坚 调研 考察 交易 展览 销售 营销 创作 文明 安全 卫生
医疗 养老 救助 就业 指挥 领导 协调 统筹 调度 保卫 观光 体育 运动 健身 阅读 演出 表演 比赛 竞赛 评选 评比 认证 检测
检验 维修 修复 复兴 更新 再生 集聚 聚集 集中 联动 互助 共治 自治 法治 德治 善治 发掘 纪念 学习 实践 宣讲 志愿 结对
培育 扶持 扶贫 创客 孵育 育苗 繁育 储备 冷链 仓储 配送 电商 直播 带货 研学 写生 露营 垂钓 采摘 民宿 康养 疗养 度假 娱乐 游览
""".split()
)
_JIEBA_STOPS = frozenset(
    line
    for line in resources.files("bqw.extract").joinpath("data/stopwords.txt").read_text(encoding="utf-8").split("\n")
    if line and not line.startswith("#")
)
LEFT_STOPS = (LEFT_STOPS | _JIEBA_STOPS) - NAME_INTERNAL

# Zones, places and organisations are not named with a development verb inside: stop at one.
STRICT_STOPS = LEFT_STOPS | frozenset("建设 开发 改造 提升 打造 抓 高标准 闲置 有 企业 参观 培育 利用 所属".split())
# Words ending in 局 that are not bureaus; company suffixes that must end a word.
NOT_ORG_ENDINGS = ("格局", "布局", "大局", "开局", "全局", "新局", "好局", "破局", "结局", "当局")
COMPANY_SUFFIXES = frozenset("科技 药业 米业 实业 股份 集团".split())
# What a body produces or earns: 某某米业产能, 某某项目年产值 (a company name may run on into one).
MEASURE_NOUNS = (
    "产能",
    "产值",
    "产量",
    "营收",
    "营业收入",
    "销售额",
    "销售收入",
    "收入",
    "利润",
    "税收",
    "面积",
    "规模",
)
# Words that describe a kind of project without naming one: 示范精品项目, 亿元以上招商项目.
PROJECT_MODIFIERS = frozenset(
    """
示范 精品 重点 重大 休闲 娱乐 招商 引资 亿元 以上 首单 首批 落地 园区 民生 产业 基础设施 配套 新建 在建 续建 储备
入库 省级 市级 县级 区级 大型 优质 新 好 各类 相关 一批
""".split()
)
# Nouns that introduce a business by its name: 龙头企业“某某源”.
BUSINESS_NOUNS = ("龙头企业", "企业", "公司", "合作社", "厂家", "商家")

# Words that cannot start a name.
BAD_STARTS = (
    "各",
    "全",
    "每",
    "该",
    "本",
    "我",
    "其",
    "这",
    "那",
    "此",
    "等",
    "个",
    "和",
    "与",
    "及",
    "的",
    "是",
    "了",
    "在",
    "对",
    "将",
    "把",
    "为",
    "由",
    "到",
    "向",
    "从",
    "一批",
    "多",
    "新增",
    "相关",
    "有关",
    "重点",
    "主要",
    "部分",
    "一些",
    "若干",
    "所有",
    "有效",
    "进一步",
    "当地",
    "本地",
    "统筹",
)
# Generic nouns that are never entities by themselves.
GENERIC = frozenset(
    """
行政村 自然村 示范村 典型村 典型镇 示范镇 乡村 农村 城乡 村庄 镇村 城镇 圩镇 乡镇 中心镇 新农村 美丽乡村 重点项目 项目 工程 改造 开发
活动 会议 培训班 公司 企业 合作社 医院 学校 园区 工业园区 产业园区 公园 基地 市场 社区 街道 片区 示范带 示范区 方案 规划 部署 战略 改革 行动 计划
体系 政策 机制 模式 试点 办公室 指挥部 党委 党支部 委员会 局 村 镇 区 县 市 省 河 江 湖 港 岛 溪 渠 大道 广场 先进集体 一等奖
新区 村委会 居委会 村委 产业园 工业园 重大项目 民生项目 招商项目 建设项目 产业项目 基础设施 配套设施 各类项目 村级 镇级 区级 县级 市级
基层党组织 党组织 工作机制 长效机制 体制机制 服务中心 服务体系 产业体系 工作体系 制度体系 组织体系 现代化 一体化 示范点 试点村
本村 该村 全村 全镇 全区 全县 全市 全省 各村 各镇 两委 村两委 工作队 专班 工作专班 驻镇帮镇扶村工作队 生态 农业 文旅 产业
幼儿园 荔枝园 果园 菜园 校园 家园 后花园 具体部署 工作部署 动员部署 专项规划 建设方案 建设规划 配套政策 合作模式 新模式 现代化产业体系 考核评价体系 长效管理机制
下步计划 年度计划 发展模式 工作方案 实施方案 工作机制 管理体系 产业体系 城乡规划 总体规划 详细规划 招商项目 扶贫项目 延链项目
卫生项目 示范项目 配套项目 储备项目 在建项目 新建项目 续建项目 竣工项目 投产项目 签约项目 落地项目 亿元项目 重大工程
基础工程 配套工程 重点工程 民心工程 惠民工程 系统工程 一号工程 书记工程 民生工程 实事工程
""".split()
)
# Chinese media and platforms are organisations even without a suffix.
MEDIA = (
    "南方日报",
    "人民日报",
    "新华社",
    "学习强国",
    "羊城晚报",
    "南方网",
    "央视",
    "中央电视台",
    "湛江日报",
    "江门日报",
    "广州日报",
    "抖音",
    "小红书",
    "微信公众号",
    "南方农村报",
    "广东卫视",
)
# Organisation abbreviations built from a level and a body: 市委, 区政府, 镇党委 …
ORG_LEVELS = ("中共", "省", "市", "区", "县", "镇", "乡", "街道", "村")
ORG_BODIES = (
    "科协",
    "妇联",
    "团委",
    "工会",
    "残联",
    "侨联",
    "文联",
    "工商联",
    "委宣传部",
    "委组织部",
    "委网信办",
    "委办",
    "委常委会",
    "委",
    "政府",
    "人大",
    "政协",
    "纪委",
    "党委",
    "人民政府",
    "委员会",
    "农业农村局",
    "水治办",
    "住建局",
    "财政局",
    "发改局",
    "商务局",
)

AWARD_TRIGGERS = (
    "被评为",
    "获评为",
    "评为",
    "荣获",
    "获评",
    "获得",
    "获授",
    "被授予",
    "授予",
    "入选",
    "成功创建",
    "创建成为",
    "成功入选",
    "列入",
    "入围",
    "达到",
    "跻身",
    "获批",
    "被认定为",
    "认定为",
    "获",
    "成为",
    "获誉",
    "斩获",
    "摘得",
    "夺得",
    "捧得",
    "是",
)
IMPLEMENT_TRIGGERS = ("实施", "推进", "推动", "参与", "深耕", "落实")
# Organisations that govern an area rather than sit in it (霞山区委 is not "located in" 霞山区).
GOVERNING_BODIES = (
    "委",
    "党委",
    "政府",
    "人民政府",
    "指挥部",
    "办公室",
    "常委会",
    "委员会",
    "人大",
    "政协",
    "纪委",
    "办",
)
ORGANIZE_TRIGGERS = ("主办", "承办", "组织", "举办", "联合", "召开", "牵头")
# Words before a figure that are not part of the indicator's name.
INDICATOR_LEFT_STRIP = (
    "其中",
    "另有",
    "累计完成",
    "累计实现",
    "共完成",
    "完成",
    "实现",
    "累计",
    "全年",
    "同比",
    "共计",
    "总计",
    "合计",
    "达到",
    "超过",
    "已经",
    "分别",
    "今年",
    "去年",
    "以来",
    "全区",
    "全镇",
    "全县",
    "全市",
    "全省",
    "全村",
    "我区",
    "我镇",
    "我县",
    "我市",
    "本区",
    "本镇",
    "该村",
    "该镇",
    "并且",
    "同时",
    "以及",
    "带动",
    "吸引",
    "建成",
    "拥有",
    "提供",
    "推动",
    "促成",
    "共",
    "约",
    "超",
    "逾",
    "并",
    "还",
    "也",
    "已",
    "可",
    "将",
    "底",
    "年底",
    "月底",
    "打造",
    "培育",
    "创建",
    "成功",
    "利用",
    "继续",
    "目前",
    "现有",
    "已在",
    "切实抓好",
    "强力推进",
    "构建起",
    "发展",
    "新建",
    "一举",
    "现",
    "当年",
    "每年",
    "全部",
    "均",
    "所有",
    "各个",
    "统筹",
)
# Verbs inside an indicator's chunk whose object alone is the measure: 连线打造标志性点位 → 标志性点位.
INDICATOR_INNER_VERBS = ("打造", "建成", "新建")
INDICATOR_RIGHT_STRIP = (
    "各",
    "实现了",
    "达到了",
    "累计完成",
    "累计实现",
    "累计达到",
    "累计达",
    "完成",
    "实现",
    "达到",
    "达",
    "为",
    "约",
    "超过",
    "超",
    "共计",
    "共",
    "总计",
    "合计",
    "累计",
    "已",
    "有",
    "是",
    "近",
    "逾",
    "增至",
    "提高到",
    "提高至",
    "提升至",
    "增长到",
    "同比",
    "分别",
    "均",
    "就",
)
