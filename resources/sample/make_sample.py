#!/usr/bin/env python3
"""Makes Lathe's bundled sample data (deterministic; rerun to regenerate).

topics.csv  — short news-style headlines in four topics (sports, cooking, weather,
              computing), about one in six written in Simplified Chinese, with shared
              filler words and a little label noise so a model has something to learn.
stories.txt — a small English corpus from the same grammar, for language models.
numbers.csv — sequence-to-sequence pairs: a number written out in English words ("three
              thousand and forty-two") or, about one in five, in Chinese numerals (三千零四十二),
              and its digits (3042). Columns: text (the source), target.
"""
import csv
import random

rng = random.Random(20261123)

TOPICS = {
    "sports": {
        "subj": ["the home team", "the young striker", "our goalkeeper", "the coach", "the visiting club",
                 "the veteran sprinter", "the tennis champion", "the league leaders", "the rookie pitcher",
                 "the cycling squad"],
        "verb": ["wins", "loses", "scores in", "trains for", "is injured before", "celebrates", "dominates",
                 "struggles in", "qualifies for", "is benched for"],
        "obj": ["the final match", "the derby", "the championship", "the season opener", "the relay",
                "the penalty shootout", "the grand slam", "the playoffs", "the away game", "the time trial"],
        "zh": ["主队在决赛中获胜", "年轻前锋在德比中进球", "教练为冠军赛备战", "守门员扑出点球", "客队赢得季后赛",
               "网球冠军晋级决赛", "短跑老将打破纪录", "自行车队完成计时赛"],
    },
    "cooking": {
        "subj": ["the chef", "my grandmother", "the bakery", "a street vendor", "the new bistro", "the pastry cook",
                 "the family kitchen", "a home cook", "the noodle shop", "the vegan cafe"],
        "verb": ["bakes", "simmers", "roasts", "serves", "seasons", "ferments", "grills", "slices",
                 "caramelizes", "steams"],
        "obj": ["sourdough bread", "a spicy curry", "garlic and onions", "fresh dumplings", "the tomato sauce",
                "a lemon tart", "roasted vegetables", "the soup stock", "homemade noodles", "a chocolate cake"],
        "zh": ["厨师烤了一炉酸面包", "奶奶包了新鲜饺子", "面馆推出手工拉面", "糕点师做了柠檬挞", "小吃摊炖了一锅咖喱",
               "新餐馆供应烤蔬菜", "家里蒸了一笼包子", "咖啡馆烤了巧克力蛋糕"],
    },
    "weather": {
        "subj": ["a cold front", "heavy rain", "the storm", "a heat wave", "thick fog", "strong wind", "the typhoon",
                 "light snow", "a warm breeze", "the monsoon"],
        "verb": ["hits", "moves toward", "floods", "covers", "lingers over", "sweeps across", "cools", "batters",
                 "reaches", "clears from"],
        "obj": ["the coast", "the northern valleys", "the city tonight", "the mountain passes", "the harbor",
                "the farmland", "the airport", "the eastern islands", "the river delta", "the weekend forecast"],
        "zh": ["冷锋今夜抵达沿海", "暴雨淹没河谷", "台风逼近东部岛屿", "热浪笼罩城市", "浓雾封闭机场",
               "大风横扫农田", "小雪覆盖山口", "季风带来降雨"],
    },
    "computing": {
        "subj": ["the compiler", "a new laptop", "the database", "the open source project", "the startup",
                 "the graphics card", "the operating system", "a security patch", "the web browser", "the cloud service"],
        "verb": ["crashes on", "speeds up", "releases", "patches", "benchmarks", "leaks", "optimizes", "updates",
                 "deprecates", "encrypts"],
        "obj": ["the kernel driver", "its memory allocator", "version two", "the login flow", "the test suite",
                "a critical bug", "the query planner", "user passwords", "the build cache", "the network stack"],
        "zh": ["编译器修复了内核驱动", "新笔记本跑分提升", "数据库优化查询计划", "开源项目发布第二版", "浏览器更新网络协议栈",
               "安全补丁修复严重漏洞", "云服务加密用户密码", "显卡驱动提升性能"],
    },
}
FILLERS = ["today", "again", "this week", "after all", "at last", "in a surprise", "reports say", "once more",
           "on monday", "for fans"]


def headline(topic):
    t = TOPICS[topic]
    if rng.random() < 0.16:
        return rng.choice(t["zh"]) + rng.choice(["", "，", "！", "。"])
    # Borrow a word from another topic now and then, so single words do not decide it.
    parts = {k: rng.choice(v) for k, v in t.items() if k != "zh"}
    if rng.random() < 0.25:
        other = rng.choice([o for o in TOPICS if o != topic])
        part = rng.choice(["subj", "obj"])
        parts[part] = rng.choice(TOPICS[other][part])
    text = f"{parts['subj']} {parts['verb']} {parts['obj']}"
    if rng.random() < 0.5:
        text = f"{text} {rng.choice(FILLERS)}" if rng.random() < 0.5 else f"{rng.choice(FILLERS)}, {text}"
    if rng.random() < 0.1:
        text = f'"{text}", says a reader'
    return text[0].upper() + text[1:]


ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def english_below_1000(n):
    words = []
    if n >= 100:
        words.append(f"{ONES[n // 100]} hundred")
        n %= 100
        if n:
            words.append("and")
    if n >= 20:
        words.append(TENS[n // 10] + (f"-{ONES[n % 10]}" if n % 10 else ""))
    elif n or not words:
        words.append(ONES[n])
    return " ".join(words)


def english(n):
    if n < 1000:
        return english_below_1000(n)
    thousands, rest = divmod(n, 1000)
    text = f"{english_below_1000(thousands)} thousand"
    if rest:
        text += (" and " if rest < 100 else " ") + english_below_1000(rest)
    return text


ZH_DIGITS = "零一二三四五六七八九"


def chinese(n):
    """Standard Chinese numerals up to 999,999 (十 for 10-19 at the start, 零 for skipped places)."""
    if n == 0:
        return "零"
    def below_10000(m, leading):
        out, zero = "", False
        for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = m // value % 10
            if d == 0:
                zero = bool(out)
                continue
            if zero:
                out += "零"
                zero = False
            out += ("" if (unit == "十" and d == 1 and not out and leading) else ZH_DIGITS[d]) + unit
        return out
    high, low = divmod(n, 10000)
    if not high:
        return below_10000(low, True)
    text = below_10000(high, True) + "万"
    if low:
        text += ("零" if low < 1000 else "") + below_10000(low, False)
    return text


def number_pairs(count):
    # Its own generator: the other files stay as they were.
    r = random.Random(20261207)
    rows = []
    for _ in range(count):
        digits = r.choice([1, 2, 2, 3, 3, 3, 4, 4, 5, 6])
        n = r.randrange(10 ** (digits - 1) if digits > 1 else 0, 10 ** digits)
        source = chinese(n) if r.random() < 0.2 else english(n)
        rows.append((source, str(n)))
    return rows


def main():
    rows = []
    for topic in TOPICS:
        for _ in range(600):
            label = topic if rng.random() > 0.03 else rng.choice(list(TOPICS))  # 3% label noise
            rows.append((headline(topic), label))
    rng.shuffle(rows)
    with open("topics.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["text", "label"])
        w.writerows(rows)
    with open("stories.txt", "w", encoding="utf-8") as f:
        for _ in range(1500):
            topic = rng.choice(list(TOPICS))
            t = TOPICS[topic]
            f.write(f"{rng.choice(t['subj'])} {rng.choice(t['verb'])} {rng.choice(t['obj'])} "
                    f"{rng.choice(FILLERS)} .\n")
    with open("numbers.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["text", "target"])
        w.writerows(number_pairs(3000))


if __name__ == "__main__":
    main()
