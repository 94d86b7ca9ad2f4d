"""What the auditors' command line prints for people: each resource in Chinese and English, amounts in yuan.

Labels are "中文 English"; an enum value reads as its Chinese name and its contract name in lower case
("调查中 investigating"); amounts are yuan with two decimals from int fen (pension_kit.money.format_yuan), with
the fen beside them so that a figure can be checked to the fen. `--json` prints the contract message instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from google.protobuf import json_format
from google.protobuf.descriptor import EnumDescriptor
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from pension.common.v1 import types_pb2
from pension.supervision.v1 import supervision_pb2, supervision_service_pb2
from pension_kit.clock import CHINA
from pension_kit.money import format_yuan

# Chinese names of the contract's enum values, by the value's full name.
CHINESE: Final[Mapping[str, str]] = {
    "ALERT_RULE_PAYMENT_AFTER_DEATH": "死亡后仍发放",
    "ALERT_RULE_SHARED_BANK_ACCOUNT": "多人共用银行账户",
    "ALERT_RULE_CENTENARIAN_WEAK_CERTIFICATION": "百岁以上认证薄弱",
    "ALERT_RULE_CERTIFICATION_FAR_FROM_VILLAGE": "异地认证",
    "ALERT_RULE_CERTIFICATION_BURST": "短时集中认证",
    "ALERT_RULE_CASH_NOT_DEPOSITED": "现金未按期解缴",
    "ALERT_RULE_EMPLOYEE_PENSION_ENROLMENT": "职工养老保险人员参保",
    "ALERT_RULE_PAYROLL_NOT_RECONCILED": "发放对账不平",
    "ALERT_RULE_DUPLICATE_ENROLMENT": "重复参保",
    "ALERT_RULE_DUPLICATE_RECEIPT": "重复领取",
    "ALERT_RULE_AUDIT_CHAIN_BROKEN": "审计链断裂",
    "ALERT_STATUS_OPEN": "待处理",
    "ALERT_STATUS_IN_CASE": "已立案",
    "ALERT_STATUS_DISMISSED": "已排除",
    "CASE_STATUS_OPEN": "已立案",
    "CASE_STATUS_INVESTIGATING": "调查中",
    "CASE_STATUS_SUBSTANTIATED": "查实",
    "CASE_STATUS_UNSUBSTANTIATED": "查否",
    "CASE_STATUS_CLOSED": "已结案",
    "COMPLAINT_KIND_COMPLAINT": "投诉",
    "COMPLAINT_KIND_REPORT": "举报",
    "COMPLAINT_KIND_ENQUIRY": "咨询",
    "COMPLAINT_KIND_NOTICE_DISPUTE": "公示异议",
    "COMPLAINT_CHANNEL_HOTLINE": "12333热线",
    "COMPLAINT_CHANNEL_AGENT": "村协办员",
    "COMPLAINT_CHANNEL_PUBLIC": "来访来信",
    "COMPLAINT_STATUS_RECEIVED": "已受理",
    "COMPLAINT_STATUS_IN_PROGRESS": "办理中",
    "COMPLAINT_STATUS_ANSWERED": "已答复",
    "COMPLAINT_STATUS_CLOSED": "已办结",
    "CHAIN_BREAK_KIND_HASH_MISMATCH": "条目被修改",
    "CHAIN_BREAK_KIND_PREV_HASH_MISMATCH": "链接被篡改",
    "CHAIN_BREAK_KIND_SEQUENCE_GAP": "条目缺失",
    "RECONCILIATION_ITEM_CONTRIBUTION_INCOME": "缴费收入",
    "RECONCILIATION_ITEM_SUBSIDY_INCOME": "补贴及代缴收入",
    "RECONCILIATION_ITEM_BENEFIT_EXPENDITURE": "待遇支出",
    "RECONCILIATION_ITEM_PAYROLL_VS_BANK_RETURN": "发放与银行回盘",
    "RECONCILIATION_ITEM_INHERITANCE_EXPENDITURE": "继承支出",
    "RECONCILIATION_ITEM_TRANSFERS": "转移收支",
    "RECONCILIATION_ITEM_RECOVERIES": "追回款",
    "FUND_INDIVIDUAL_ACCOUNT": "个人账户",
    "FUND_POOLED": "统筹基金",
    "INCOME_SOURCE_PERSONAL_CONTRIBUTION": "个人缴费",
    "INCOME_SOURCE_SUBSIDY": "政府缴费补贴",
    "INCOME_SOURCE_COLLECTIVE": "集体补助",
    "INCOME_SOURCE_PAID_ON_BEHALF": "政府代缴",
    "INCOME_SOURCE_INTEREST": "利息收入",
    "INCOME_SOURCE_TRANSFER_IN": "转移收入",
    "INCOME_SOURCE_BASIC_PENSION_FINANCING": "基础养老金财政补助",
    "INCOME_SOURCE_RECOVERY": "追回收入",
    "EXPENDITURE_KIND_BASIC_PENSION": "基础养老金",
    "EXPENDITURE_KIND_LONG_CONTRIBUTION_BONUS": "长缴多得",
    "EXPENDITURE_KIND_OLD_AGE_BONUS": "高龄补贴",
    "EXPENDITURE_KIND_ACCOUNT_PENSION": "个人账户养老金",
    "EXPENDITURE_KIND_INHERITANCE": "丧葬及继承支出",
    "EXPENDITURE_KIND_TRANSFER_OUT": "转移支出",
}

# The prefix of each enum's value names.
_PREFIXES: Final[Mapping[str, str]] = {
    "AlertRule": "ALERT_RULE_",
    "AlertStatus": "ALERT_STATUS_",
    "CaseStatus": "CASE_STATUS_",
    "ComplaintKind": "COMPLAINT_KIND_",
    "ComplaintChannel": "COMPLAINT_CHANNEL_",
    "ComplaintStatus": "COMPLAINT_STATUS_",
    "ChainBreakKind": "CHAIN_BREAK_KIND_",
    "ReconciliationItem": "RECONCILIATION_ITEM_",
    "Fund": "FUND_",
    "IncomeSource": "INCOME_SOURCE_",
    "ExpenditureKind": "EXPENDITURE_KIND_",
}
_LABEL_WIDTH: Final = 24


def short_name(enum: EnumDescriptor, number: int) -> str:
    """The value's contract name in lower case without its prefix ("investigating"); the number if unknown."""
    value = enum.values_by_number.get(number)
    if value is None:
        return str(number)
    return value.name.removeprefix(_PREFIXES.get(enum.name, "")).lower()


def enum_label(enum: EnumDescriptor, number: int) -> str:
    """ "调查中 investigating": the Chinese name and the contract name of an enum value."""
    value = enum.values_by_number.get(number)
    chinese = CHINESE.get(value.name, "") if value is not None else ""
    english = short_name(enum, number)
    return f"{chinese} {english}" if chinese else english


def money(fen: int) -> str:
    """Yuan with two decimals, then the fen: "1,234.56 元 yuan (123456 fen)"."""
    return f"{format_yuan(fen)} 元 yuan ({fen} fen)"


def when(stamp: Timestamp) -> str:
    """A timestamp in China Standard Time, or "-" when unset."""
    if not (stamp.seconds or stamp.nanos):
        return "-"
    return stamp.ToDatetime(tzinfo=CHINA).strftime("%Y-%m-%d %H:%M:%S")


def day(value: types_pb2.CalendarDate) -> str:
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}" if value.year else "-"


def month(value: types_pb2.YearMonth) -> str:
    return f"{value.year:04d}-{value.month:02d}" if value.year else "-"


def row(zh: str, en: str, value: object) -> str:
    """One labelled line: "状态 status:          调查中 investigating"."""
    return f"{f'{zh} {en}:':<{_LABEL_WIDTH}} {value}"


def listed(values: object) -> str:
    items = [str(v) for v in values]  # type: ignore[attr-defined]
    return ", ".join(items) if items else "-"


def as_json(message: Message) -> str:
    """The contract message as JSON for scripts: field names as in the contract, zeros included, Chinese as is."""
    return json_format.MessageToJson(
        message,
        preserving_proto_field_name=True,
        indent=2,
        ensure_ascii=False,
        always_print_fields_with_no_presence=True,
    )


# --- the audit chain -----------------------------------------------------------------------------------------------


def verdict_lines(verdict: supervision_service_pb2.VerifyAuditChainResponse) -> list[str]:
    lines = [
        row("结论", "verdict", "完整 intact" if verdict.intact else "已断裂 BROKEN"),
        row("检查条目", "entries checked", verdict.entries_checked),
        row("范围", "sequences", f"{verdict.first_sequence} - {verdict.last_sequence}"),
        row("链头哈希", "head hash", verdict.head_hash or "-"),
    ]
    if not verdict.intact:
        lines += [
            row("断裂位置", "broken at", verdict.broken_at_sequence),
            row("断裂类型", "how", enum_label(supervision_pb2.ChainBreakKind.DESCRIPTOR, verdict.break_kind)),
            row("应为哈希", "expected hash", verdict.expected_hash or "-"),
            row("实际哈希", "found hash", verdict.found_hash or "-"),
        ]
    lines.append(row("说明", "message", verdict.message))
    return lines


def entry_line(entry: supervision_pb2.AuditEntry) -> str:
    return (
        f"{entry.sequence:>8}  {when(entry.recorded_at)}  {entry.event_type}  {entry.subject_key or '-'}  "
        f"{entry.actor or '-'}  {entry.hash[:16]}"
    )


# --- alerts --------------------------------------------------------------------------------------------------------


def alert_line(alert: supervision_pb2.Alert) -> str:
    rule = enum_label(supervision_pb2.AlertRule.DESCRIPTOR, alert.rule)
    status = enum_label(supervision_pb2.AlertStatus.DESCRIPTOR, alert.status)
    amount = f"  {money(alert.amount_fen)}" if alert.amount_fen else ""
    return f"{alert.alert_id}  {when(alert.raised_at)}  {alert.pooling_region_code}  {rule}  [{status}]  " + (
        f"score {alert.score}{amount}"
    )


def alert_lines(alert: supervision_pb2.Alert) -> list[str]:
    lines = [
        row("预警编号", "alert", alert.alert_id),
        row("规则", "rule", enum_label(supervision_pb2.AlertRule.DESCRIPTOR, alert.rule)),
        row("状态", "status", enum_label(supervision_pb2.AlertStatus.DESCRIPTOR, alert.status)),
        row("统筹区", "region", alert.pooling_region_code),
        row("发现时间", "raised", when(alert.raised_at)),
        row("评分", "score", f"{alert.score} / 100"),
        row("评分依据", "why this score", alert.score_explanation or "-"),
        row("原因", "reason (zh)", alert.reason_zh or "-"),
        row("Reason", "reason (en)", alert.reason_en or "-"),
        row("涉及金额", "amount at stake", money(alert.amount_fen)),
        row("涉及参保人", "residents", listed(alert.resident_ids)),
        row("涉及协办员", "agents", listed(alert.agent_ids)),
    ]
    if alert.case_id:
        lines.append(row("所属案件", "case", alert.case_id))
    if alert.dismissal_reason:
        lines.append(row("排除理由", "dismissed because", alert.dismissal_reason))
    lines.append(f"证据 evidence ({len(alert.evidence)}):")
    lines += [
        f"  {e.event_id}  {e.event_type}  {e.subject_key or '-'}  {when(e.occurred_at)}: {e.summary}"
        for e in alert.evidence
    ]
    return lines


# --- cases ---------------------------------------------------------------------------------------------------------


def case_line(case: supervision_pb2.Case) -> str:
    status = enum_label(supervision_pb2.CaseStatus.DESCRIPTOR, case.status)
    escalated = "  要情报告 escalated" if case.escalated else ""
    return (
        f"{case.case_id}  {case.pooling_region_code}  [{status}]  {case.title}  "
        f"{money(case.amount_fen)}  recovered {format_yuan(case.recovered_fen)}{escalated}"
    )


def case_lines(case: supervision_pb2.Case) -> list[str]:
    statuses = supervision_pb2.CaseStatus.DESCRIPTOR
    lines = [
        row("案件编号", "case", case.case_id),
        row("标题", "title", case.title),
        row("状态", "status", enum_label(statuses, case.status)),
        row("统筹区", "region", case.pooling_region_code),
        row("承办人", "assigned to", case.assigned_to or "-"),
        row("涉及金额", "amount at stake", money(case.amount_fen)),
        row("已追回", "recovered", money(case.recovered_fen)),
        row("要情报告", "escalated", f"是 yes, to {case.escalated_to or '-'} at {when(case.escalated_at)}")
        if case.escalated
        else row("要情报告", "escalated", "否 no"),
        row("立案时间", "opened", when(case.opened_at)),
        row("更新时间", "updated", when(case.updated_at)),
        row("预警", "alerts", listed(case.alert_ids)),
        row("涉及参保人", "residents", listed(case.resident_ids)),
        row("附件", "attachments", listed(case.attachment_refs)),
        row("多领冒领案件", "overpayment cases", listed(case.overpayment_case_ids)),
        f"办理记录 history ({len(case.notes)}):",
    ]
    lines += [f"  {when(n.written_at)}  {n.actor}  [{enum_label(statuses, n.status)}]  {n.text}" for n in case.notes]
    return lines


# --- complaints ----------------------------------------------------------------------------------------------------


def complaint_line(complaint: supervision_pb2.Complaint) -> str:
    kind = enum_label(supervision_pb2.ComplaintKind.DESCRIPTOR, complaint.kind)
    status = enum_label(supervision_pb2.ComplaintStatus.DESCRIPTOR, complaint.status)
    return (
        f"{complaint.ticket_number}  {kind}  [{status}]  received {day(complaint.received_on)}  "
        f"due {day(complaint.due_on)}  {complaint.subject}"
    )


def complaint_lines(complaint: supervision_pb2.Complaint) -> list[str]:
    """A ticket as the hotline reads it out: no complainant's name or number beyond their masked forms."""
    lines = [
        row("工单号", "ticket", complaint.ticket_number),
        row("类型", "kind", enum_label(supervision_pb2.ComplaintKind.DESCRIPTOR, complaint.kind)),
        row("渠道", "channel", enum_label(supervision_pb2.ComplaintChannel.DESCRIPTOR, complaint.channel)),
        row("状态", "status", enum_label(supervision_pb2.ComplaintStatus.DESCRIPTOR, complaint.status)),
        row("统筹区", "region", complaint.pooling_region_code),
        row("村", "village", complaint.village_code or "-"),
        row("参保人", "resident", complaint.resident_id or "-"),
        row("事由", "subject", complaint.subject),
        row("内容", "description", complaint.description or "-"),
        row("反映人", "complainant", complaint.complainant_name_masked or "-"),
        row("联系电话", "mobile", complaint.complainant_mobile_masked or "-"),
        row("受理日期", "received", day(complaint.received_on)),
        row("办结时限", "due", day(complaint.due_on)),
        row("已延期", "extended", f"是 yes: {complaint.extension_reason}" if complaint.extended else "否 no"),
        row(
            "已超期",
            "overdue",
            ("是 yes" + ("，已督办 escalated" if complaint.escalated else "")) if complaint.overdue else "否 no",
        ),
        row("承办人", "assigned to", complaint.assigned_to or "-"),
        row("处理结果", "resolution", complaint.resolution or "-"),
        row("办结日期", "closed", day(complaint.closed_on)),
    ]
    if complaint.kind == supervision_pb2.COMPLAINT_KIND_NOTICE_DISPUTE:
        lines.append(row("异议公示月份", "notice month", month(complaint.notice_month)))
    return lines


# --- reconciliation, disclosure, notice ----------------------------------------------------------------------------


def reconciliation_lines(reconciliation: supervision_pb2.Reconciliation) -> list[str]:
    lines = [
        row("对账", "reconciliation", reconciliation.reconciliation_id),
        row("统筹区", "region", reconciliation.pooling_region_code),
        row("月份", "month", month(reconciliation.month)),
        row("结果", "result", "平衡 balanced" if reconciliation.balanced else "不平 NOT BALANCED"),
        row("完成时间", "completed", when(reconciliation.completed_at)),
        "比对 comparisons (元 yuan): item / fund: ledger | bank | fund accounts | difference",
    ]
    for line in reconciliation.lines:
        item = enum_label(supervision_pb2.ReconciliationItem.DESCRIPTOR, line.item)
        fund = enum_label(types_pb2.Fund.DESCRIPTOR, line.fund) if line.fund else "合计 both"
        flag = "  <-- 差异 difference" if line.difference_fen else ""
        lines.append(
            f"  {item} / {fund}: {format_yuan(line.ledger_fen)} | {format_yuan(line.bank_fen)} | "
            f"{format_yuan(line.fund_account_fen)} | {format_yuan(line.difference_fen)}{flag}"
        )
        if line.explanation:
            lines.append(f"      {line.explanation}")
    return lines


def disclosure_lines(disclosure: supervision_pb2.Disclosure) -> list[str]:
    period = f"{disclosure.year}" + (f"-{disclosure.month:02d}" if disclosure.month else " 全年 whole year")
    lines = [
        row("统筹区", "region", disclosure.pooling_region_code),
        row("期间", "period", period),
        row("参保人数", "enrolled", disclosure.enrolled),
        row("缴费人数", "contributing", disclosure.contributing),
        row("领取人数", "receiving", disclosure.receiving),
        "收入 income:",
        *(
            f"  {enum_label(supervision_pb2.IncomeSource.DESCRIPTOR, f.source)}: {money(f.amount_fen)}"
            for f in disclosure.income
        ),
        row("收入合计", "income total", money(sum(f.amount_fen for f in disclosure.income))),
        "支出 expenditure:",
        *(
            f"  {enum_label(supervision_pb2.ExpenditureKind.DESCRIPTOR, f.kind)}: {money(f.amount_fen)}"
            for f in disclosure.expenditure
        ),
        row("支出合计", "expenditure total", money(sum(f.amount_fen for f in disclosure.expenditure))),
        "基金结余 fund balances:",
        *(
            f"  {enum_label(types_pb2.Fund.DESCRIPTOR, b.fund)}: {money(b.balance_fen)}"
            for b in disclosure.fund_balances
        ),
        row("计算时间", "computed", when(disclosure.computed_at)),
    ]
    return lines


def notice_lines(notice: supervision_pb2.PublicNotice) -> list[str]:
    """The notice as published: every name and ID number already masked by the service."""
    lines = [
        row("公示", "public notice", f"{notice.village_name} {notice.village_code} {month(notice.month)}"),
        row("缴费合计", "contributed", money(notice.contributed_fen)),
        row("发放合计", "paid", money(notice.paid_fen)),
        row("异议受理", "disputes to", notice.dispute_contact or "-"),
        row("生成时间", "generated", when(notice.generated_at)),
        f"缴费人员 contributors ({len(notice.contributors)}):",
    ]
    lines += [
        f"  {c.name_masked}  {c.citizen_id_masked}  {c.year}  grade {format_yuan(c.grade_fen)}  "
        f"personal {format_yuan(c.personal_fen)}  subsidy {format_yuan(c.subsidy_fen)}  "
        f"paid on behalf {format_yuan(c.paid_on_behalf_fen)}"
        for c in notice.contributors
    ]
    lines.append(f"领取人员 recipients ({len(notice.recipients)}):")
    lines += [
        f"  {r.name_masked}  {r.citizen_id_masked}  {format_yuan(r.amount_fen)}"
        + (f"  (back pay {format_yuan(r.back_pay_fen)})" if r.back_pay_fen else "")
        for r in notice.recipients
    ]
    return lines
