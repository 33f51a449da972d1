"""One cog per feature; each module's `setup(bot)` is loaded by `ParleyBot.setup_hook`."""
