/** Dark and light themes: the system's choice until the user picks one, which is remembered in this browser. */
import { useEffect, useState } from "react";

export type Theme = "dark" | "light";
const KEY = "realmode-theme";

function initialTheme(): Theme {
  const saved = window.localStorage.getItem(KEY);
  if (saved === "dark" || saved === "light") return saved;
  return window.matchMedia("(prefers-color-scheme: light)").matches ? "light" : "dark";
}

export function useTheme(): [Theme, () => void] {
  const [theme, setTheme] = useState<Theme>(initialTheme);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  const toggle = () =>
    setTheme((current) => {
      const next = current === "dark" ? "light" : "dark";
      window.localStorage.setItem(KEY, next);
      return next;
    });
  return [theme, toggle];
}
