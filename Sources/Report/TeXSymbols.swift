/// The TeX commands `mathML(tex:display:)` knows, by what they become.
enum TeXSymbols {
    /// Greek letters → identifiers (capitals upright).
    static let greek: [String: String] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε", "zeta": "ζ",
        "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
        "xi": "ξ", "pi": "π", "varpi": "ϖ", "rho": "ρ", "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ",
        "upsilon": "υ", "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
        "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ",
        "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    ]

    /// Other identifiers (symbols that are not operators).
    static let identifiers: [String: String] = [
        "infty": "∞", "partial": "∂", "nabla": "∇", "ell": "ℓ", "hbar": "ℏ", "emptyset": "∅", "top": "⊤",
        "dagger": "†", "prime": "′", "Re": "ℜ", "Im": "ℑ", "aleph": "ℵ",
    ]

    /// Operators and relations.
    static let operators: [String: String] = [
        "cdot": "⋅", "cdotp": "⋅", "times": "×", "div": "÷", "pm": "±", "mp": "∓", "ast": "∗", "star": "⋆",
        "circ": "∘", "bullet": "∙", "approx": "≈", "propto": "∝", "sim": "∼", "simeq": "≃", "cong": "≅",
        "equiv": "≡", "neq": "≠", "ne": "≠", "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "ll": "≪",
        "gg": "≫", "to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←", "Rightarrow": "⇒",
        "Leftarrow": "⇐", "iff": "⟺", "Leftrightarrow": "⇔", "leftrightarrow": "↔", "mapsto": "↦",
        "implies": "⟹", "in": "∈", "notin": "∉", "ni": "∋", "subset": "⊂", "subseteq": "⊆", "supset": "⊃",
        "supseteq": "⊇", "cup": "∪", "cap": "∩", "setminus": "∖", "forall": "∀", "exists": "∃", "neg": "¬",
        "lnot": "¬", "wedge": "∧", "land": "∧", "vee": "∨", "lor": "∨", "otimes": "⊗", "oplus": "⊕",
        "odot": "⊙", "perp": "⊥", "parallel": "∥", "mid": "∣", "vert": "|", "Vert": "‖", "|": "‖",
        "lVert": "‖", "rVert": "‖", "lvert": "|", "rvert": "|", "langle": "⟨", "rangle": "⟩",
        "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉", "ldots": "…", "dots": "…", "cdots": "⋯",
        "vdots": "⋮", "ddots": "⋱", "colon": ":", "{": "{", "}": "}", "%": "%", "#": "#", "&": "&",
        "$": "$", "lbrace": "{", "rbrace": "}", "triangleq": "≜", "coloneqq": "≔", "leqslant": "⩽",
        "geqslant": "⩾", "lesssim": "≲", "gtrsim": "≳", "nabla_op": "∇",
    ]

    /// Big operators: limits go under and over in display style.
    static let largeOperators: [String: String] = [
        "sum": "∑", "prod": "∏", "coprod": "∐", "int": "∫", "iint": "∬", "oint": "∮", "bigcup": "⋃",
        "bigcap": "⋂", "bigoplus": "⨁", "bigotimes": "⨂",
    ]

    /// Named functions, written upright; those in `limitFunctions` take limits below in display.
    static let functions: Set<String> = [
        "log", "ln", "lg", "exp", "sin", "cos", "tan", "cot", "sec", "csc", "sinh", "cosh", "tanh", "arcsin",
        "arccos", "arctan", "max", "min", "arg", "det", "dim", "ker", "deg", "gcd", "lim", "sup", "inf",
        "Pr", "liminf", "limsup", "argmax", "argmin",
    ]
    static let limitFunctions: Set<String> = ["max", "min", "lim", "sup", "inf", "liminf", "limsup", "argmax", "argmin", "Pr", "det", "gcd"]

    /// Accents: command → (character, stretchy).
    static let accents: [String: String] = [
        "hat": "^", "widehat": "^", "bar": "¯", "overline": "‾", "tilde": "~", "widetilde": "~", "vec": "→",
        "dot": "˙", "ddot": "¨", "check": "ˇ", "breve": "˘", "acute": "´", "grave": "`",
    ]

    /// Horizontal spaces in em.
    static let spaces: [String: String] = [
        ",": "0.167em", ":": "0.222em", ">": "0.222em", ";": "0.278em", "quad": "1em", "qquad": "2em",
        " ": "0.25em", "enspace": "0.5em", "thinspace": "0.167em", "!": "-0.167em",
    ]

    /// Commands that only change sizes or styles and can be ignored without losing content.
    static let ignored: Set<String> = [
        "displaystyle", "textstyle", "scriptstyle", "limits", "nolimits", "big", "Big", "bigg", "Bigg",
        "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "Biggl", "Biggr", "middle",
    ]

    /// A letter or digit in one of the alphabets of `\mathbb`, `\mathcal`, `\mathbf`, `\mathfrak`.
    static func styled(_ ch: Character, alphabet: String) -> String? {
        guard let scalar = ch.unicodeScalars.first, ch.unicodeScalars.count == 1 else { return nil }
        let v = scalar.value
        let upper = (65...90).contains(v), lower = (97...122).contains(v), digit = (48...57).contains(v)
        func at(_ base: UInt32, _ offset: UInt32) -> String? { Unicode.Scalar(base + offset).map { String(Character($0)) } }
        switch alphabet {
        case "mathbb":
            let exceptions: [Character: String] = ["C": "ℂ", "H": "ℍ", "N": "ℕ", "P": "ℙ", "Q": "ℚ", "R": "ℝ", "Z": "ℤ"]
            if let e = exceptions[ch] { return e }
            if upper { return at(0x1D538, v - 65) }
            if lower { return at(0x1D552, v - 97) }
            if digit { return at(0x1D7D8, v - 48) }
        case "mathcal", "mathscr":
            let exceptions: [Character: String] = ["B": "ℬ", "E": "ℰ", "F": "ℱ", "H": "ℋ", "I": "ℐ", "L": "ℒ",
                                                   "M": "ℳ", "R": "ℛ", "e": "ℯ", "g": "ℊ", "o": "ℴ"]
            if let e = exceptions[ch] { return e }
            if upper { return at(0x1D49C, v - 65) }
            if lower { return at(0x1D4B6, v - 97) }
        case "mathbf", "boldsymbol":
            if upper { return at(0x1D400, v - 65) }
            if lower { return at(0x1D41A, v - 97) }
            if digit { return at(0x1D7CE, v - 48) }
        case "mathfrak":
            let exceptions: [Character: String] = ["C": "ℭ", "H": "ℌ", "I": "ℑ", "R": "ℜ", "Z": "ℨ"]
            if let e = exceptions[ch] { return e }
            if upper { return at(0x1D504, v - 65) }
            if lower { return at(0x1D51E, v - 97) }
        case "mathsf":
            if upper { return at(0x1D5A0, v - 65) }
            if lower { return at(0x1D5BA, v - 97) }
        default: break
        }
        return nil
    }
}
