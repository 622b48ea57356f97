import json, datetime, calendar
TZ = datetime.timezone(datetime.timedelta(hours=1))  # Europe/Warsaw in December
ACCOUNT = "123456789012"
REGION = "eu-central-1"
BOT = {"id": "B0AWSCHAT1", "deleted": False, "name": "aws", "updated": 1700000000, "app_id": "A6L22LZNH",
       "icons": {"image_36": "https://a.slack-edge.com/aws_36.png", "image_48": "https://a.slack-edge.com/aws_48.png", "image_72": "https://a.slack-edge.com/aws_72.png"},
       "team_id": "T0EDR0NE01"}
def ts(day, hh, mm, ss=0, micro=100):
    t = datetime.datetime(2026, 12, day, hh, mm, ss, tzinfo=TZ)
    return f"{int(t.timestamp())}.{micro:06d}"
def link(name):
    from urllib.parse import quote
    return f"https://console.aws.amazon.com/cloudwatch/home?region={REGION}#alarmsV2:alarm/{quote(name, safe='')}"
COLORS = {"ALARM": "danger", "OK": "good", "INSUFFICIENT_DATA": "warning"}
def attachment_message(t, name, state, reason, reactions=(), reply_count=0, users=()):
    m = {"type": "message", "subtype": "bot_message", "text": "", "ts": t, "bot_id": "B0AWSCHAT1",
         "app_id": "A6L22LZNH", "bot_profile": BOT, "team": "T0EDR0NE01",
         "attachments": [{
             "id": 1, "color": COLORS[state],
             "fallback": f"CloudWatch Alarm | {name} | {REGION} | Account: {ACCOUNT}",
             "title": f"CloudWatch Alarm | {name} | {REGION} | Account: {ACCOUNT}",
             "title_link": link(name),
             "text": reason,
             "fields": [{"title": "State", "value": state, "short": True},
                        {"title": "Region", "value": REGION, "short": True}],
             "footer": "Amazon CloudWatch", "footer_icon": "https://a.slack-edge.com/cw.png",
             "mrkdwn_in": ["text"]}]}
    return finish(m, t, reactions, reply_count, users)
def block_message(t, name, state, reason, reactions=(), reply_count=0, users=()):
    m = {"type": "message", "subtype": "bot_message", "text": "", "ts": t, "bot_id": "B0AWSCHAT1",
         "app_id": "A6L22LZNH", "bot_profile": BOT, "team": "T0EDR0NE01",
         "blocks": [
             {"type": "section", "block_id": "title", "text": {"type": "mrkdwn", "text": f"*CloudWatch Alarm | {name} | {REGION} | Account: {ACCOUNT}*", "verbatim": False}},
             {"type": "section", "block_id": "reason", "text": {"type": "mrkdwn", "text": reason, "verbatim": False}},
             {"type": "section", "block_id": "fields", "fields": [
                 {"type": "mrkdwn", "text": f"*State*\n{state}", "verbatim": False},
                 {"type": "mrkdwn", "text": f"*Region*\n{REGION}", "verbatim": False}]},
             {"type": "actions", "block_id": "actions", "elements": [
                 {"type": "button", "action_id": "console", "text": {"type": "plain_text", "text": "View in the console"}, "url": link(name)}]}]}
    return finish(m, t, reactions, reply_count, users)
def finish(m, t, reactions, reply_count, users):
    if reactions:
        m["reactions"] = [{"name": n, "users": list(u), "count": len(u)} for n, u in reactions]
    if reply_count:
        m["thread_ts"] = t
        m["reply_count"] = reply_count
        m["reply_users_count"] = len(users)
        m["reply_users"] = list(users)
        m["is_locked"] = False
        m["subscribed"] = False
    return m
def human(t, user, text, thread=None):
    m = {"client_msg_id": "0b1c2d3e-%s" % t.replace('.', ''), "type": "message", "text": text, "user": user, "ts": t,
         "team": "T0EDR0NE01",
         "blocks": [{"type": "rich_text", "block_id": "b" + t[-4:], "elements": [{"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}]}]}
    if thread:
        m["thread_ts"] = thread
        m["parent_user_id"] = "U0AWSCHAT1"
    return m
def bot_reply(t, thread, text):
    return {"type": "message", "subtype": "bot_message", "text": text, "ts": t, "bot_id": "B0OTHER001", "username": "statuspage",
            "thread_ts": thread, "parent_user_id": "U0AWSCHAT1"}
def threshold(value, limit, cmp="greater than"):
    return f"Threshold Crossed: 1 out of the last 1 datapoints [{value} (01/12/26 08:10:00)] was {cmp} the threshold ({limit}) (minimum 1 datapoint for OK -> ALARM transition)."
