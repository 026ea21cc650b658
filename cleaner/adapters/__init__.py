"""Platform page objects (Liferay, SharePoint, Tân Dân, NukeViet, WordPress, DotNetNuke, ASP.NET) and detection."""

from cleaner.adapters.base import Adapter, PageFields
from cleaner.adapters.registry import ADAPTERS, adapter_for, detect_platform

__all__ = ["ADAPTERS", "Adapter", "PageFields", "adapter_for", "detect_platform"]
