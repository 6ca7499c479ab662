"""The plan: analysis facts + settings -> Plan, every decision of a conversion (planner.py)."""

from nb2mod.plan.model import Plan
from nb2mod.plan.naming import package_name
from nb2mod.plan.planner import plan_conversion

__all__ = ["Plan", "package_name", "plan_conversion"]
