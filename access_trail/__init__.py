"""The access trail: who looked at or changed which referrals. Low in the layers, so every feature
records its reads (ARCHITECTURE.md). Not an app of its own: its model keeps the app label "audit"."""
