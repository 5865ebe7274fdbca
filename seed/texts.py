"""Chinese vocabulary of the demo data: invented place names, issue titles, topics, departments, enterprises."""

TOWNSHIP_NAME = "罗水乡"
VILLAGE_NAMES = ("青岩村", "杉木坪村", "溪口村", "桃源坡村", "云台村", "石门坎村")  # invented
PLACE_HEADS = ("上", "下", "中", "大", "小", "新", "老", "高", "长", "杨家", "覃家", "向家", "田家", "彭家", "龚家", "卓家")
PLACE_TAILS = ("坪", "湾", "冲", "溪", "岗", "垭", "坡", "台", "峪", "坳", "岭", "塔", "屋场", "槽", "垴")
CN_DIGITS = "零一二三四五六七八九"

TOWNSHIP_TEAMS = ("关爱孤寡老人志愿服务队", "关爱留守儿童志愿服务队")
TOWNSHIP_TEAM_KINDS = ("elderly_care", "child_care")
VILLAGE_TEAM_KINDS = ("cleaning", "cleaning", "teaching", "policy", "elderly_care", "other")
ACTIVITY_PLACES = ("文化广场", "议事大厅", "村部", "屋场", "学校", "敬老院", "田间地头")

# Issue titles per service line; {place} is a 片区 name, {surname} a household surname.
ISSUE_TITLES: dict[str, tuple[str, ...]] = {
    "info": (
        "{surname}家户籍人口信息变更登记", "新生儿信息采集", "外出务工人员信息更新", "{place}流动人口登记",
        "残疾人信息核实", "独居老人信息摸排", "房屋信息采集核对",
    ),
    "policy": (
        "咨询城乡居民医保缴费政策", "咨询养老保险补缴办法", "咨询教育资助政策", "咨询耕地地力保护补贴",
        "咨询危房改造补助政策", "防范电信诈骗宣传需求", "咨询退役军人优待政策", "咨询易地搬迁后续扶持政策",
    ),
    "dispute": (
        "{surname}家与邻居宅基地边界纠纷", "{place}山林权属争议", "土地流转租金纠纷", "家庭赡养纠纷",
        "{place}灌溉用水纠纷", "婚姻家庭矛盾调解", "务工工资拖欠纠纷", "相邻通行纠纷", "牲畜损坏庄稼纠纷",
    ),
    "hazard": (
        "{place}路段山体滑坡隐患", "{surname}家危房安全隐患", "{place}山塘渗漏隐患", "{place}河道堵塞",
        "森林防火隐患", "{place}村道路面塌陷", "用电线路老化隐患", "{place}桥梁护栏损坏", "暴雨后边坡垮塌",
    ),
    "poverty": (
        "{surname}家因病返贫风险监测", "{surname}家因灾收入骤减", "监测户务工就业帮扶", "监测户产业奖补申请",
        "{surname}家大病医疗费用负担重", "监测户子女就学资助", "脱贫户小额信贷续贷",
    ),
    "livelihood": (
        "{place}饮水管道破裂", "{place}路灯损坏", "申请低保救助", "申请临时救助", "{place}生活垃圾清运不及时",
        "养老金领取认证", "{place}通组公路修缮", "残疾人证办理", "手机信号差", "农房建设审批咨询",
        "{place}自来水水压不足", "申请高龄津贴",
    ),
}
SERVICE_LINE_NAMES = {
    "info": "基础信息采集", "policy": "法规政策宣传", "dispute": "矛盾纠纷排查",
    "hazard": "事件隐患报告", "poverty": "防返贫动态监测", "livelihood": "民生事项服务",
}
REPEAT_SUFFIX = "（再次反映）"

# Escalation targets: level 1 village, 2 township office, 3 county department (by service line).
TOWNSHIP_OFFICES = ("乡综治中心", "乡农业综合服务中心", "乡社会事务办", "乡应急管理办", "乡自然资源所", "乡村镇建设办")
COUNTY_DEPARTMENTS: dict[str, tuple[str, ...]] = {
    "info": ("县公安局", "县民政局"),
    "policy": ("县人社局", "县医疗保障局", "县教育局"),
    "dispute": ("县司法局", "县自然资源局", "县人社局"),
    "hazard": ("县交通运输局", "县水利局", "县应急管理局", "县自然资源局", "县住房和城乡建设局"),
    "poverty": ("县乡村振兴局", "县民政局", "县医疗保障局"),
    "livelihood": ("县水利局", "县交通运输局", "县民政局", "县人社局", "县供电公司"),
}

STUDY_TOPICS = (
    "学习党的二十大精神", "学习《中国共产党农村基层组织工作条例》", "乡村振兴政策解读", "防范电信网络诈骗专题学习",
    "学习《中华人民共和国民法典》婚姻家庭编", "基层党建“一网四同”工作部署", "民情分析会暨党小组学习",
    "党员“五个到户”工作交流", "学习习近平总书记重要讲话精神", "产业发展与联农带农经验交流",
)
SEASONAL_TOPICS = {
    1: "春节前矛盾纠纷排查部署", 3: "春季森林防火知识学习", 5: "防汛减灾安全知识学习", 6: "防汛抢险应急预案学习",
    7: "党的生日主题党日学习", 9: "城乡居民医保缴费政策学习", 10: "秋收安全生产学习", 12: "年度党员积分评议",
}

INDUSTRIES = ("莓茶", "梯田稻米", "柑橘", "中药材", "土鸡养殖", "生猪养殖", "蜂蜜", "乡村民宿", "茅古斯文化演艺", "猕猴桃")
COOPERATIVE_FORMS = ("{place}{industry}专业合作社", "罗水{place}{industry}种养专业合作社")
ENTERPRISE_FORMS = ("张家界{place}{industry}开发有限公司", "永定区{place}{industry}农业有限公司")


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 17 → 十七, 20 → 二十 (1–99)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN_DIGITS[tens] + "十")
    return head + (CN_DIGITS[ones] if ones else "")
