#pragma once
/// @file BoundingBox.h
/// Axis-aligned box in pixel coordinates of the frame it belongs to (top-left origin, units: pixels).

namespace edgescope {

/// A value type; safe to copy between threads.
struct BoundingBox {
  float x = 0.0f;       ///< left edge, pixels
  float y = 0.0f;       ///< top edge, pixels
  float width = 0.0f;   ///< pixels
  float height = 0.0f;  ///< pixels

  float right() const { return x + width; }
  float bottom() const { return y + height; }
  float area() const { return width > 0 && height > 0 ? width * height : 0.0f; }
  float centerX() const { return x + width * 0.5f; }
  float centerY() const { return y + height * 0.5f; }
  /// Intersection over union with @p other, 0 when either box is empty.
  float iou(const BoundingBox& other) const;
  /// Area of the intersection with @p other (pixels²).
  float intersectionArea(const BoundingBox& other) const;
};

}  // namespace edgescope
