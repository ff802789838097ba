// The placeholder the DeepInstrument plugin needs (docs/build-plugin.md).
